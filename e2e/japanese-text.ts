/** What the Japanese specs look for: English sentences the wizard shows where Japanese is due. */
import type { Page } from '@playwright/test';

/** Visible text nodes that are English sentences: three or more ASCII words, outside code and the raw transcript. */
export async function englishSentences(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const el = node.parentElement;
      if (!text || !el || !el.checkVisibility()) continue;
      // Commands, paths, ids, the plan's PowerShell lines, option lists and the script output stay as written.
      if (el.closest('code, pre, .mono, [role="log"], option, .log-step, .badge')) continue;
      if (!/^[\x20-\x7e]+$/.test(text)) continue;
      if (/[A-Za-z]+[ ,]+[a-z]+[ ,]+[a-z]+[ ,]+[a-z]+/.test(text)) found.push(text);
    }
    return found;
  });
}
