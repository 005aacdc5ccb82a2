/**
 * The wizard's pages as data: their order, routes and when each is done.
 * Whether Next is enabled is derived from the answers and the join state
 * every time, never stored, so it cannot drift from what the user sees.
 */
import type { JoinState } from '../../shared/state.js';
import { advancedErrors, sectionErrors, type Draft } from '../state/draft.js';

export const PAGE_IDS = ['welcome', 'prerequisites', 'proxy', 'cluster', 'network', 'review', 'join', 'verify', 'finish'] as const;
export type PageId = (typeof PAGE_IDS)[number];

export function pagePath(id: PageId): string {
  return id === 'welcome' ? '/' : `/${id}`;
}

export function pageFromPath(pathname: string): PageId {
  const id = pathname.replace(/^\/+|\/+$/g, '');
  return (PAGE_IDS as readonly string[]).includes(id) ? (id as PageId) : 'welcome';
}

export interface GateInput {
  draft: Draft;
  state: JoinState | null;
}

/** Whether the user may go on from this page. */
export function isPageDone(id: PageId, { draft, state }: GateInput): boolean {
  switch (id) {
    case 'welcome':
    case 'prerequisites':
      // Checks are advice here; the join's own prerequisites step refuses a machine that fails them.
      return true;
    case 'proxy':
      return sectionErrors(draft, 'proxy').length === 0;
    case 'cluster':
      return (
        sectionErrors(draft, 'cluster').length === 0 &&
        draft.cluster.inspection?.usable !== false &&
        (draft.recipe !== 'containerd-kubeadm' || sectionErrors(draft, 'join').length === 0)
      );
    case 'network':
      return sectionErrors(draft, 'network').length === 0 && advancedErrors(draft).length === 0;
    case 'review':
      return state !== null;
    case 'join':
      return state !== null && state.phase !== 'running' && state.phase !== 'idle';
    case 'verify':
      return true;
    case 'finish':
      return false;
  }
}

/** Pages the user may open: every page up to and including the first one not done. */
export function reachablePages(input: GateInput): Set<PageId> {
  const reachable = new Set<PageId>();
  for (const id of PAGE_IDS) {
    reachable.add(id);
    if (!isPageDone(id, input)) break;
  }
  // A join already under way (or finished) can always be watched.
  if (input.state)
    for (const id of ['join', 'verify', 'finish'] as const) if (id !== 'finish' || isPageDone('join', input)) reachable.add(id);
  return reachable;
}

export function neighbours(id: PageId): { prev: PageId | null; next: PageId | null } {
  const i = PAGE_IDS.indexOf(id);
  return { prev: PAGE_IDS[i - 1] ?? null, next: PAGE_IDS[i + 1] ?? null };
}

/** Field label keys of answer fields, for "Next is available once …" */
function fieldLabelKey(field: string): string {
  const [section, name] = field.split('.');
  if (section === 'network' && name) return `pages.network.fields.${name}.label`;
  if (section === 'proxy' && name) return `pages.proxy.${name}`;
  if (section === 'downloads') return 'pages.network.advanced.offlineSource.label';
  if (section === 'cluster') return 'pages.cluster.file';
  return `pages.network.advanced.${section}.label`;
}

/**
 * Why Next is disabled on this page, in words: the i18n key and the labels of the fields to fix.
 * Null when Next is allowed or the page has its own action instead (Review, Join while running).
 */
export function nextBlockedReason({ draft, state }: GateInput, id: PageId): { key: string; fields: string[] } | null {
  if (isPageDone(id, { draft, state })) return null;
  switch (id) {
    case 'proxy':
    case 'network': {
      const errors = id === 'network' ? [...sectionErrors(draft, 'network'), ...advancedErrors(draft)] : sectionErrors(draft, 'proxy');
      return { key: 'nav.blocked.fields', fields: [...new Set(errors.map((e) => fieldLabelKey(e.field)))] };
    }
    case 'cluster':
      return { key: draft.cluster.inspection?.usable === false ? 'nav.blocked.kubeconfigUnusable' : 'nav.blocked.kubeconfig', fields: [] };
    case 'join':
      return state?.phase === 'running' ? { key: 'nav.blocked.running', fields: [] } : null;
    default:
      return null;
  }
}
