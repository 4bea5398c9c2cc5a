/** Times and durations as Indonesian staff read them; the office is in WIB (UTC+7, no daylight saving). */
import { SHORT_MONTHS } from "../core/html.ts";

/** Offset of WIB from UTC. */
export const WIB_OFFSET_MS = 7 * 3600_000;
/** One day. */
export const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** "23 Nov 2026 14.05" in WIB. */
export function formatTime(ms: number): string {
  const d = new Date(ms + WIB_OFFSET_MS);
  return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}`;
}

/** "14.05" in WIB, or the full time when `ms` is not on the same WIB day as `now`. */
export function formatShortTime(ms: number, now: number): string {
  if (wibDay(ms) !== wibDay(now)) return formatTime(ms);
  const d = new Date(ms + WIB_OFFSET_MS);
  return `${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}`;
}

/** "2026-11-23 14:05" in WIB, for CSV cells. */
export function isoWib(ms: number): string {
  const d = new Date(ms + WIB_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Days since the epoch, counted in WIB. */
export function wibDay(ms: number): number {
  return Math.floor((ms + WIB_OFFSET_MS) / DAY_MS);
}

/** "2026-11-23" of a WIB day number. */
export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "23 Nov" of a WIB day number. */
export function dayShort(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]}`;
}

/** The WIB midnight starting the day of a "YYYY-MM-DD" string, or undefined when it is not a date. */
export function parseDay(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || dayIso(ms / DAY_MS) !== value) return undefined;
  return ms - WIB_OFFSET_MS;
}

/** "baru saja", "5 menit", "2 jam 3 menit", "3 hari 4 jam". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "kurang dari 1 menit";
  if (minutes < 60) return `${minutes} menit`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} jam ${minutes % 60} menit` : `${hours} jam`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} hari ${hours % 24} jam` : `${days} hari`;
}

/** 1234567 → "1.234.567". */
export function formatNumber(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}
