/**
 * Bar charts as standalone inline SVG: presentation attributes only (no CSS, no script), so the same markup
 * renders in the page under a strict CSP and downloads as an .svg file that pastes into a report.
 */
import type { FC } from "hono/jsx";
import { formatNumber } from "./format.ts";
import { shortLabel } from "../core/html.ts";

/** One stacked series of a vertical bar chart. */
export interface Series {
  label: string;
  color: string;
  values: number[];
}

/** Colours of the channels (blue and orange stay distinct for colour-blind readers and in greyscale print). */
export const CHANNEL_COLORS: Record<string, string> = { telegram: "#2373b9", web: "#e08a1e", whatsapp: "#1f8a4c", discord: "#5865f2" };
/** Colour of single-series charts. */
export const BAR_COLOR = "#2373b9";

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/** Whole-number axis ticks: a step of 1, 2 or 5 × 10^n giving at most five intervals up to `max`. */
export function axisTicks(max: number): number[] {
  let step = 1;
  for (let p = 1; ; p *= 10) {
    const s = [1, 2, 5].map((m) => m * p).find((x) => Math.ceil(max / x) <= 5);
    if (s !== undefined) {
      step = s;
      break;
    }
  }
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return ticks;
}

/** Vertical bars per label (days), stacked by series, with a legend. */
export const StackedBars: FC<{ title: string; labels: string[]; series: Series[]; width?: number; height?: number }> = ({ title, labels, series, width = 760, height = 280 }) => {
  const left = 48;
  const right = 12;
  const top = 40;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const ticks = axisTicks(Math.max(0, ...totals));
  const max = ticks.at(-1)!;
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(1, slot * 0.72);
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={title} font-family={FONT}>
      <title>{title}</title>
      <rect x="0" y="0" width={width} height={height} fill="#ffffff" />
      <text x={left} y="20" font-size="15" font-weight="bold" fill="#1b1f24">
        {title}
      </text>
      {series.length > 1
        ? series.map((s, i) => (
            <>
              <rect x={width - right - 110 * (series.length - i)} y="10" width="12" height="12" fill={s.color} />
              <text x={width - right - 110 * (series.length - i) + 17} y="21" font-size="12" fill="#1b1f24">
                {s.label}
              </text>
            </>
          ))
        : null}
      {ticks.map((t) => (
        <>
          <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#59636e" : "#e1e6eb"} stroke-width="1" />
          <text x={left - 6} y={y(t) + 4} font-size="11" text-anchor="end" fill="#59636e">
            {formatNumber(t)}
          </text>
        </>
      ))}
      {labels.map((label, i) => {
        let acc = 0;
        const x = left + i * slot + (slot - barW) / 2;
        return (
          <g>
            <title>{`${label}: ${series.map((s) => `${s.label} ${formatNumber(s.values[i] ?? 0)}`).join(", ")}`}</title>
            {series.map((s) => {
              const v = s.values[i] ?? 0;
              if (v <= 0) return null;
              const y0 = y(acc);
              acc += v;
              const y1 = y(acc);
              return <rect x={x.toFixed(1)} y={y1.toFixed(1)} width={barW.toFixed(1)} height={Math.max(0.5, y0 - y1).toFixed(1)} fill={s.color} />;
            })}
            {i % every === 0 ? (
              <text x={(x + barW / 2).toFixed(1)} y={height - bottom + 16} font-size="11" text-anchor="middle" fill="#59636e">
                {label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
};

/** Horizontal bars with their values, largest first as given. */
export const HorizontalBars: FC<{ title: string; items: Array<{ label: string; value: number }>; color?: string; width?: number }> = ({ title, items, color = BAR_COLOR, width = 760 }) => {
  const labelW = 260;
  const right = 60;
  const row = 24;
  const top = 36;
  const height = top + Math.max(1, items.length) * row + 10;
  const max = Math.max(1, ...items.map((i) => i.value));
  const plotW = width - labelW - right;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={title} font-family={FONT}>
      <title>{title}</title>
      <rect x="0" y="0" width={width} height={height} fill="#ffffff" />
      <text x="8" y="20" font-size="15" font-weight="bold" fill="#1b1f24">
        {title}
      </text>
      {items.length === 0 ? (
        <text x="8" y={top + 16} font-size="12" fill="#59636e">
          Belum ada data.
        </text>
      ) : null}
      {items.map((item, i) => {
        const yy = top + i * row;
        const w = (item.value / max) * plotW;
        return (
          <g>
            <text x={labelW - 8} y={yy + 16} font-size="12" text-anchor="end" fill="#1b1f24">
              {shortLabel(item.label, 34)}
            </text>
            <rect x={labelW} y={yy + 4} width={Math.max(item.value > 0 ? 1 : 0, w).toFixed(1)} height={row - 8} fill={color} />
            <text x={(labelW + w + 6).toFixed(1)} y={yy + 16} font-size="12" fill="#1b1f24">
              {formatNumber(item.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
