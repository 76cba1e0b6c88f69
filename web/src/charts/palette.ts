/**
 * Colours for canvas and SVG charts. A canvas cannot use `currentColor`, so charts read the text colour and the
 * effective background of their container and pick series colours that keep at least 3:1 against that background
 * (WCAG 2.1 SC 1.4.11, non-text contrast); axis labels use the page's text colour, which the shell keeps at 4.5:1.
 */

/** Series colours on a light background: each ≥ 4.5:1 against white. */
export const LIGHT_SERIES = ['#1f5fa8', '#a8430a', '#2e6e31', '#7b2d9e', '#a3123a', '#005f66'];
/** Series colours on a dark background: each ≥ 4.5:1 against #121212. */
export const DARK_SERIES = ['#8cc4ff', '#ffb074', '#8fdc8f', '#d9a6ff', '#ff9db5', '#6fd6dc'];

function parseRgb(c: string): [number, number, number, number] | null {
  const m = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\s*\)/.exec(c);
  if (!m) return null;
  const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
  return [Number(m[1]), Number(m[2]), Number(m[3]), a];
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance(r: number, g: number, b: number): number {
  const f = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

export function contrastRatio(a: number, b: number): number {
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return (hi + 0.05) / (lo + 0.05);
}

export interface ChartTheme {
  dark: boolean;
  text: string;
  grid: string;
  series: string[];
}

/** The theme for a chart placed in `el`: the first opaque background up the tree decides light or dark. */
export function themeOf(el: Element | null): ChartTheme {
  let text = '#1a1a1a';
  let bg: [number, number, number] = [255, 255, 255];
  if (el && typeof getComputedStyle === 'function') {
    const t = parseRgb(getComputedStyle(el).color);
    if (t) text = `rgb(${t[0]}, ${t[1]}, ${t[2]})`;
    for (let n: Element | null = el; n; n = n.parentElement) {
      const c = parseRgb(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0.5) {
        bg = [c[0], c[1], c[2]];
        break;
      }
    }
  }
  const dark = luminance(...bg) < 0.18;
  return { dark, text, grid: dark ? 'rgba(255,255,255,0.14)' : 'rgba(0,0,0,0.10)', series: dark ? DARK_SERIES : LIGHT_SERIES };
}
