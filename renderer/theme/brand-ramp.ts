/**
 * Fluent's 16-shade brand ramp (BrandVariants, 10 darkest to 160 lightest)
 * from one colour: the window's accent. Each shade keeps the lightness of
 * Fluent's own web ramp at that step and takes the accent's hue and
 * colourfulness, in OKLCH (a perceptual space: equal lightness reads as
 * equally light whatever the hue). So white text on a brand button, or brand
 * text on the dark background, keeps the contrast Fluent's default blue
 * has, even for a yellow or a pale accent; the accent itself is the hue,
 * not necessarily one of the shades. Pure, so it is tested without a browser.
 */
import type { BrandVariants } from '@fluentui/react-components';

type Step = keyof BrandVariants;
const STEPS: Step[] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160];

/** Fluent's web brand ramp (the blue of webLightTheme / webDarkTheme): the lightness and chroma profile followed. */
export const FLUENT_WEB_RAMP: Record<Step, string> = {
  10: '#061724',
  20: '#082338',
  30: '#0a2e4a',
  40: '#0c3b5e',
  50: '#0e4775',
  60: '#0f548c',
  70: '#115ea3',
  80: '#0f6cbd',
  90: '#2886de',
  100: '#479ef5',
  110: '#62abf5',
  120: '#77b7f7',
  130: '#96c6fa',
  140: '#b4d6fa',
  150: '#cfe4fa',
  160: '#ebf3fc',
};

type Rgb = [number, number, number];
interface Lch {
  l: number;
  c: number;
  h: number;
}

/** `#rrggbb` to 0..1 channels, or null. */
export function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255] : null;
}

function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((v) =>
      Math.round(Math.min(1, Math.max(0, v)) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const fromLinear = (v: number) => (v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055);

/** sRGB to OKLCH (Björn Ottosson's OKLab, in polar form). */
function toLch(rgb: Rgb): Lch {
  const [r, g, b] = rgb.map(toLinear) as Rgb;
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  const L = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  const A = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const B = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return { l: L, c: Math.hypot(A, B), h: Math.atan2(B, A) };
}

/** OKLCH to linear-light sRGB, possibly out of gamut. */
function fromLch({ l: L, c, h }: Lch): Rgb {
  const A = c * Math.cos(h);
  const B = c * Math.sin(h);
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3;
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3;
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

const inGamut = (linear: Rgb) => linear.every((v) => v >= -1e-4 && v <= 1 + 1e-4);

/** The colour at this lightness and hue with as much of the chroma asked for as sRGB can show. */
function displayable(lch: Lch): string {
  let low = 0;
  let high = lch.c;
  if (!inGamut(fromLch(lch))) {
    for (let i = 0; i < 24; i += 1) {
      const mid = (low + high) / 2;
      if (inGamut(fromLch({ ...lch, c: mid }))) low = mid;
      else high = mid;
    }
    lch = { ...lch, c: low };
  }
  return toHex(fromLch(lch).map(fromLinear) as Rgb);
}

const REFERENCE = Object.fromEntries(STEPS.map((step) => [step, toLch(parseHex(FLUENT_WEB_RAMP[step])!)])) as Record<Step, Lch>;

/** The brand ramp for an accent `#rrggbb`, or null when the accent is not one. */
export function brandRamp(accent: string): BrandVariants | null {
  const rgb = parseHex(accent);
  if (!rgb) return null;
  const { c, h } = toLch(rgb);
  const anchor = REFERENCE[80].c;
  return Object.fromEntries(
    STEPS.map((step) => [step, displayable({ l: REFERENCE[step].l, c: (c * REFERENCE[step].c) / anchor, h })]),
  ) as unknown as BrandVariants;
}

/** WCAG's contrast ratio of two `#rrggbb` colours (for the tests, and for whoever tunes the ramp). */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = parseHex(hex)!.map(toLinear) as Rgb;
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
