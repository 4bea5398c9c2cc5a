/** Derives readable colours from the host's brand colour (WCAG contrast ratios). */

const rgb = (hex: string): number[] => {
  let h = hex.slice(1);
  if (h.length === 3) h = h.replace(/./g, "$&$&");
  const n = parseInt(h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

const WEIGHTS = [0.2126, 0.7152, 0.0722];

const luminance = (c: number[]): number =>
  c.reduce((sum, v, i) => {
    const s = v / 255;
    return sum + WEIGHTS[i]! * (s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4);
  }, 0);

const hex = (c: number[]): string => `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const x = luminance(rgb(a));
  const y = luminance(rgb(b));
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Colours of one widget: the brand, text on the brand, and the brand darkened until it reads on light grey. */
export interface Theme {
  brand: string;
  onBrand: string;
  accent: string;
}

/** Build the theme for `brand` (#rgb or #rrggbb). */
export function theme(brand: string): Theme {
  const base = rgb(brand);
  const full = hex(base);
  let accent = full;
  for (let k = 0.9; contrast(accent, "#eef1f4") < 4.6 && k > 0; k -= 0.1) accent = hex(base.map((v) => v * k));
  return { brand: full, onBrand: contrast(full, "#ffffff") >= 4.5 ? "#ffffff" : "#111111", accent };
}
