/** What the layout spec measures on a page as it is now: content wider than its box, and where screenshots go. */
import type { Page } from '@playwright/test';

export const LAYOUT_SCREENSHOTS = new URL('../test-results/screenshots/', import.meta.url).pathname;

/**
 * Every element whose content is wider than its own box (scrollWidth over clientWidth): a label cut off, a
 * row pushed past the window, a sideways scroll bar. Text fields scroll their own value and the log clips
 * its lines on purpose (the full line is in the copy and the search), so they do not count.
 */
export function horizontalOverflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`the page scrolls sideways (${root.scrollWidth}px in ${root.clientWidth}px)`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.visually-hidden, svg, .log-scroller, input, textarea, select')) continue;
      if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
      const text = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 60);
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].slice(0, 2).join('.')}` : ''}`;
      found.push(`${name} "${text}" is ${el.scrollWidth}px wide in ${el.clientWidth}px`);
    }
    return found;
  });
}

/**
 * Whether a font on this machine draws Japanese in the page's font stack: a kanji and a code point no font
 * has (drawn as the missing-glyph box) are painted on a canvas and compared. Without such a font every
 * Japanese character is that box, whose width is not the character's.
 */
export function japaneseGlyphsDrawn(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const font = `32px ${getComputedStyle(document.body).fontFamily}`;
    const paint = (text: string): string => {
      const canvas = document.createElement('canvas');
      canvas.width = 48;
      canvas.height = 48;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d canvas');
      context.font = font;
      context.fillText(text, 4, 38);
      return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
    };
    return paint('漢') !== paint('\u{10FFFD}');
  });
}
