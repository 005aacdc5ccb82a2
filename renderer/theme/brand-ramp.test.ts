import { webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { brandRamp, contrast, FLUENT_WEB_RAMP, parseHex } from './brand-ramp.js';

/** Windows' own accent choices, from the pale to the deep ones, and two greys. */
const ACCENTS = ['#ffb900', '#ffd800', '#00cc6a', '#0078d4', '#e81123', '#881798', '#2d7d9a', '#767676', '#ffffff', '#000000'];

const distance = (a: string, b: string) => Math.max(...parseHex(a)!.map((v, i) => Math.abs(v - parseHex(b)![i]!) * 255));

describe('brandRamp', () => {
  it('gives 16 shades, darkest to lightest, each a #rrggbb colour', () => {
    for (const accent of ACCENTS) {
      const ramp = brandRamp(accent)!;
      const steps = Object.keys(ramp).map(Number);
      expect(steps).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160]);
      const shades = steps.map((s) => ramp[s as keyof typeof ramp]);
      for (const shade of shades) expect(shade).toMatch(/^#[0-9a-f]{6}$/);
      // Each step lighter than the one before: contrast against black grows.
      for (let i = 1; i < shades.length; i += 1)
        expect(contrast(shades[i]!, '#000000'), `${accent} ${steps[i]}`).toBeGreaterThan(contrast(shades[i - 1]!, '#000000'));
    }
  });

  it('holds the ramp Fluent’s web themes are made of (a copy: @fluentui/tokens does not export it)', () => {
    // Where the themes show their brand shades: light background 80, pressed 40, light tint 160, hover text 70; dark text 100.
    expect([FLUENT_WEB_RAMP[80], FLUENT_WEB_RAMP[40], FLUENT_WEB_RAMP[160], FLUENT_WEB_RAMP[70], FLUENT_WEB_RAMP[100]]).toEqual([
      webLightTheme.colorBrandBackground,
      webLightTheme.colorBrandBackgroundPressed,
      webLightTheme.colorBrandBackground2,
      webLightTheme.colorBrandForeground2,
      webDarkTheme.colorBrandForeground1,
    ]);
  });

  it("from Fluent's own brand blue, gives back Fluent's web ramp (within a few levels per channel)", () => {
    const ramp = brandRamp(FLUENT_WEB_RAMP[80])!;
    for (const [step, shade] of Object.entries(FLUENT_WEB_RAMP))
      expect(distance(ramp[Number(step) as keyof typeof ramp], shade), step).toBeLessThanOrEqual(12);
  });

  it('keeps the accent’s hue: a red accent gives red shades, a green one green', () => {
    const red = parseHex(brandRamp('#e81123')![80])!;
    expect(red[0]).toBeGreaterThan(red[1] + 0.3);
    const green = parseHex(brandRamp('#00cc6a')![80])!;
    expect(green[1]).toBeGreaterThan(green[0] + 0.2);
  });

  it('keeps the contrast the themes need, whatever the accent (a yellow accent does not make white-on-brand unreadable)', () => {
    for (const accent of ACCENTS) {
      const ramp = brandRamp(accent)!;
      // Light theme: white text on colorBrandBackground (80); brand text (80) on white.
      expect(contrast(ramp[80], '#ffffff'), accent).toBeGreaterThanOrEqual(4.5);
      // Dark theme: white text on its brand background (70); brand text and links (100) on the dark background.
      expect(contrast(ramp[70], '#ffffff'), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrast(ramp[100], webDarkTheme.colorNeutralBackground1), accent).toBeGreaterThanOrEqual(4.5);
    }
    // What the same checks give for Fluent's own themes, which these follow.
    expect(contrast(webLightTheme.colorBrandBackground, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('refuses what is not #rrggbb', () => {
    for (const bad of ['', '0078d4', '#0078d', '#0078d4ff', 'blue', '#gg0000']) expect(brandRamp(bad), bad).toBeNull();
  });
});
