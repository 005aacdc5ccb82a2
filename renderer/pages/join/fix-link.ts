/**
 * Where a failure card sends the user to carry out a known problem's fix:
 * the page its fixIn names, with the control's label so the page can put
 * focus on it. None for a fix on the Join page itself (the card is there)
 * or for a fix that only a command carries out.
 */
import { findKnownProblem } from '../../../shared/known-problems/catalogue.js';
import { PAGE_IDS, pagePath, type PageId } from '../../app/pages.js';

export interface FixLink {
  page: PageId;
  path: string;
  /** i18n key of the control's label: shown on the link, and found on the page to focus. */
  labelKey: string;
}

export function fixLink(code: string): FixLink | null {
  const fixIn = findKnownProblem(code)?.fixIn;
  if (!fixIn || fixIn.page === 'join' || !(PAGE_IDS as readonly string[]).includes(fixIn.page)) return null;
  const page = fixIn.page as PageId;
  return { page, path: pagePath(page), labelKey: fixIn.label };
}
