/** Times and durations as Indonesian staff read them, on the office clock (src/core/clock.ts: WIB, WITA or WIT). */
import { DAY_MS, dayIso, type OfficeClock } from "../core/clock.ts";
import { SHORT_MONTHS } from "../core/html.ts";

export { DAY_MS, dayIso };

/** "23 Nov 2026 14.05 WIB" on the office clock. */
export function formatTime(ms: number, clock: OfficeClock): string {
  const l = clock.local(ms);
  return `${l.day} ${SHORT_MONTHS[l.month - 1]} ${l.year} ${clock.time(ms)} ${clock.zone}`;
}

/** "14.05 WIB", or the full time when `ms` is not on the same office day as `now`. */
export function formatShortTime(ms: number, now: number, clock: OfficeClock): string {
  if (clock.day(ms) !== clock.day(now)) return formatTime(ms, clock);
  return `${clock.time(ms)} ${clock.zone}`;
}

/** "2026-11-23 14:05" on the office clock, for CSV cells (their header names the zone). */
export function isoLocal(ms: number, clock: OfficeClock): string {
  return clock.dateTime(ms);
}

/** "23 Nov" of an office day number. */
export function dayShort(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]}`;
}

/** The office midnight starting the day of a "YYYY-MM-DD" string, or undefined when it is not a date. */
export function parseDay(value: string | undefined, clock: OfficeClock): number | undefined {
  return clock.parseDate(value);
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
