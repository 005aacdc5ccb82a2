/**
 * Every page of the wizard, Join both running and finished, in light, dark and forced colours (Windows high
 * contrast), English and Japanese:
 * - nothing is wider than its box at the smallest window WinJoin allows (1024x700, electron/main/window.ts), and
 *   none at 125% and 150% display scaling either (see SCALED for what that changes and what it does not);
 * - axe finds no serious or critical violation, in each theme (in English; in light in Japanese);
 * - a screenshot of each at 1024x700 and 1440x900 lands in test-results/screenshots/
 *   (NN-page-language-theme-WIDTHxHEIGHT.png, 10 pages x 2 languages x 3 themes x 2 sizes).
 *
 * CI time: each page is reached once and everything else is switched in place on it (colour scheme and forced
 * colours through media emulation, the language through the banner's switcher, the window through the
 * viewport), so the walk and the join are paid once. The join is this spec's own, on the stand-in host (a few
 * seconds), held at its kubelet step (preview-deps.ts) while the running Join page is looked at: the spec
 * depends on no earlier spec and never skips a page.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import fs from 'node:fs';
import { seriousViolations } from './axe.js';
import { horizontalOverflows, japaneseGlyphsDrawn, LAYOUT_SCREENSHOTS } from './layout-checks.js';
import { fillNetwork, next, openWelcome, standInMachine, uploadKubeconfig } from './wizard-steps.js';

interface Size {
  width: number;
  height: number;
}
const SMALL: Size = { width: 1024, height: 700 };
const LARGE: Size = { width: 1440, height: 900 };
const THEMES = {
  light: { colorScheme: 'light', forcedColors: 'none' },
  dark: { colorScheme: 'dark', forcedColors: 'none' },
  forced: { colorScheme: 'light', forcedColors: 'active' },
} as const;
/** The theme's colorNeutralBackground1 (webLightTheme, webDarkTheme, teamsHighContrastTheme), which ThemeRoot puts on <body> once it has switched. */
const BODY_BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(41, 41, 41)', forced: 'rgb(0, 0, 0)' } as const;
type Theme = keyof typeof THEMES;
type Lang = 'en' | 'ja';

/**
 * 125% and 150% display scaling. What Windows scaling does to WinJoin's page:
 * - Electron sizes windows in device-independent pixels (DIPs), and a CSS pixel is a DIP (the page is not zoomed:
 *   main.ts removes the menu, and with it the zoom shortcuts; Electron leaves Ctrl+wheel to the app, which
 *   ignores it). The minimum window, minWidth/minHeight, is in DIPs too, so at any scaling the smallest page is
 *   1024x700 CSS px (window.ts sets useContentSize, so that is the page's size and not the frame's); only
 *   devicePixelRatio becomes 1.25 or 1.5. It does not shrink to 683x467 as the physical pixels would suggest.
 * - Chromium lays out in CSS px at any devicePixelRatio: measured here, every box and text run of a page has the
 *   same geometry at 1, 1.25 and 1.5 (Playwright's deviceScaleFactor context option and the CDP override below
 *   are the same Emulation.setDeviceMetricsOverride). A check at 1024x700 x1.5 alone would only repeat the x1 one.
 * - What scaling does change is how much screen there is in DIPs, so how tall the window can get: a maximised
 *   window on a 1366x768 screen at 125% is 1093x614 DIPs less the taskbar (48) and title bar (about 31): about
 *   535 tall; on 1920x1080 at 150%, 1280x720 less the same: about 641. A shorter page grows vertical scroll bars
 *   in its scrolling panes (the Join page's timeline and log), and they take their width from the content.
 * So each scaling is checked at its devicePixelRatio, the minimum width and that height: narrower than the
 * maximised window on those screens, so stricter than what a user there gets.
 */
const SCALED = [
  { name: '125%', deviceScaleFactor: 1.25, width: 1024, height: 535 },
  { name: '150%', deviceScaleFactor: 1.5, width: 1024, height: 641 },
] as const;

type Findings = Record<string, string[]>;
interface Survey {
  overflow: Findings;
  axe: Findings;
  cdp: CDPSession;
}

async function language(page: Page, lang: Lang): Promise<void> {
  const current = await page.locator('html').getAttribute('lang');
  if (current === lang) return;
  await page
    .getByRole('banner')
    .getByLabel(current === 'ja' ? '言語' : 'Language')
    .selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Emulates the theme's media features and waits until the wizard wears it (ThemeRoot follows matchMedia). */
async function wear(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia(THEMES[theme]);
  await expect.poll(() => page.evaluate(() => document.body.style.backgroundColor)).toBe(BODY_BACKGROUND[theme]);
}

async function shot(page: Page, name: string, lang: Lang, theme: Theme, size: Size): Promise<void> {
  // Transitions at their end (a theme switch fades colours), infinite animations at their start: the same picture each run.
  await page.screenshot({ path: `${LAYOUT_SCREENSHOTS}${name}-${lang}-${theme}-${size.width}x${size.height}.png`, animations: 'disabled' });
}

/**
 * The page at a display scaling, through CDP: that viewport and devicePixelRatio, measured, then `back` at x1,
 * the viewport Playwright last set and believes the page still has (it skips a setViewportSize that changes
 * nothing in its own view, so the page must be left as it believes).
 */
async function scaledOverflows(page: Page, cdp: CDPSession, scale: (typeof SCALED)[number], back: Size): Promise<string[]> {
  const metrics = (size: Size, deviceScaleFactor: number) => ({
    ...size,
    deviceScaleFactor,
    mobile: false,
    screenWidth: size.width,
    screenHeight: size.height,
    screenOrientation: { angle: 0, type: 'landscapePrimary' as const },
  });
  await cdp.send('Emulation.setDeviceMetricsOverride', metrics(scale, scale.deviceScaleFactor));
  expect(await page.evaluate(() => [window.innerWidth, window.innerHeight, window.devicePixelRatio])).toEqual([
    scale.width,
    scale.height,
    scale.deviceScaleFactor,
  ]);
  const found = await horizontalOverflows(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', metrics(back, 1));
  return found;
}

/**
 * The page as it is, in both languages and every theme: measured at 1024x700 and at 125% and 150% scaling,
 * checked by axe in each theme in English and in light in Japanese (a theme changes colours only, a language
 * text and lang attributes only), photographed at both sizes. The order keeps the costly switches few: the
 * window changes size twice (and twice per language for the scaled checks), the language three times. Left in
 * English, light, 1440x900.
 */
async function survey(page: Page, name: string, { overflow, axe, cdp }: Survey): Promise<void> {
  const themes = Object.keys(THEMES) as Theme[];
  await page.setViewportSize(SMALL);
  for (const lang of ['en', 'ja'] as const) {
    await language(page, lang);
    for (const theme of lang === 'en' ? themes : [...themes].reverse()) {
      await wear(page, theme);
      overflow[`${name} ${lang} ${theme}`] = await horizontalOverflows(page);
      if (lang === 'en' || theme === 'light') axe[`${name} ${lang} ${theme}`] = await seriousViolations(page);
      await shot(page, name, lang, theme, SMALL);
    }
    // Japanese has come back to light here; English is measured at the end, back in light too.
    if (lang === 'ja') for (const scale of SCALED) overflow[`${name} ja ${scale.name}`] = await scaledOverflows(page, cdp, scale, SMALL);
  }
  await page.setViewportSize(LARGE);
  for (const lang of ['ja', 'en'] as const) {
    await language(page, lang);
    for (const theme of lang === 'ja' ? themes : [...themes].reverse()) {
      await wear(page, theme);
      await shot(page, name, lang, theme, LARGE);
    }
  }
  for (const scale of SCALED) overflow[`${name} en ${scale.name}`] = await scaledOverflows(page, cdp, scale, LARGE);
}

const withFindings = (findings: Findings): Findings => Object.fromEntries(Object.entries(findings).filter(([, v]) => v.length));

test('every page fits 1024x700 and 125%/150% scaling in English and Japanese, passes axe in every theme, and is photographed', async ({
  page,
}) => {
  // 40 axe scans, 120 screenshots and 120 theme switches: minutes on a loaded machine.
  test.setTimeout(600_000);
  const hold = process.env.WINJOIN_E2E_HOLD_MARKER ?? '';
  const found: Survey = { overflow: {}, axe: {}, cdp: await page.context().newCDPSession(page) };
  await page.setViewportSize(SMALL);
  await openWelcome(page);
  await language(page, 'ja');
  // Without a Japanese font Chromium draws empty boxes: the screenshots would show none of the text and the widths measured would be the boxes'.
  expect(await japaneseGlyphsDrawn(page), 'no font here draws Japanese: scripts/install-tools.sh installs one').toBe(true);
  await language(page, 'en');
  await survey(page, '01-welcome', found);
  await next(page, 'Prerequisites');
  await expect(page.getByRole('button', { name: 'Run the checks again' })).toBeEnabled({ timeout: 30_000 });
  await survey(page, '02-prerequisites', found);
  await next(page, 'Proxy');
  // The manual proxy's fields are the page's widest content.
  await page.getByRole('radio', { name: 'Through a proxy' }).check();
  await survey(page, '03-proxy', found);
  await page.getByRole('radio', { name: 'Directly (no proxy)' }).check();
  await next(page, 'Cluster access');
  await uploadKubeconfig(page);
  await survey(page, '04-cluster', found);
  await next(page, 'Network');
  await fillNetwork(page);
  await survey(page, '05-network', found);
  await next(page, 'Review');
  await expect(page.locator('.plan summary').first()).toBeVisible();
  await survey(page, '06-review', found);
  expect(withFindings(found.overflow)).toEqual({});
  expect(withFindings(found.axe)).toEqual({});

  // The join's pages need this spec's own join, on the stand-in host; over the rehearsal host it would be a whole rehearsal.
  test.skip(process.env.WINJOIN_E2E_HOST === 'rehearsal', 'Join, Verify and Finish are surveyed over the stand-in host only');
  standInMachine({ routesFail: false, dockerRestarts: false });
  fs.writeFileSync(hold, 'kubelet waits until this file is gone');
  try {
    await page.getByRole('button', { name: 'Start the join' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();
    const status = page.getByRole('status').filter({ hasText: /^The join/ });
    await expect(status).toHaveText('The join is running.');
    // Five steps come before the kubelet's: all done, the kubelet's running, the rest waiting.
    await expect(page.getByText('5 of 9 steps done')).toBeVisible({ timeout: 30_000 });
    await survey(page, '07-join-running', found);
    await expect(status).toHaveText('The join is running.');
  } finally {
    fs.rmSync(hold, { force: true });
  }
  await expect(page.getByText('The join finished successfully.').first()).toBeVisible({ timeout: 30_000 });
  await survey(page, '08-join-finished', found);
  await next(page, 'Verify');
  await survey(page, '09-verify', found);
  await next(page, 'Finish');
  await survey(page, '10-finish', found);

  expect(withFindings(found.overflow)).toEqual({});
  expect(withFindings(found.axe)).toEqual({});
});
