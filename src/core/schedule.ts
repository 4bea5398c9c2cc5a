/** Office hours and public holidays: when a counsellor can answer. Pure; built from configuration. */
import { type OfficeClock, WIB_CLOCK } from "./clock.ts";

/** Opening hours per ISO weekday (1 = Monday), in local minutes since midnight, on the office clock. */
export interface Schedule {
  /** the office clock (UTC offset and zone name) the hours and holidays are in */
  clock: OfficeClock;
  hours: Record<number, Array<[number, number]>>;
  /** local dates "YYYY-MM-DD" when the office is closed */
  holidays: Set<string>;
}

const DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/**
 * Parse the configuration: hours like "1-4 08:00-15:30; 5 08:00-14:30" (ISO weekdays),
 * holidays like "2026-12-25,2027-01-01", on the office `clock` (src/env.ts's scheduleFrom passes the configured
 * one; left out, the clock of an empty configuration: WIB).
 */
export function parseSchedule(config: { hours?: string; holidays?: string; clock?: OfficeClock }): Schedule {
  const hours: Schedule["hours"] = {};
  for (const part of (config.hours ?? "1-4 08:00-15:30; 5 08:00-14:30").split(";")) {
    const m = /^\s*(\d)(?:-(\d))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    for (let d = from; d <= to; d++) {
      (hours[d] ??= []).push([Number(m[3]) * 60 + Number(m[4]), Number(m[5]) * 60 + Number(m[6])]);
    }
  }
  const holidays = new Set((config.holidays ?? "").split(",").map((d) => d.trim()).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)));
  return { clock: config.clock ?? WIB_CLOCK, hours, holidays };
}

/** True when counsellors are on duty at `at` (epoch ms). */
export function isOpen(schedule: Schedule, at: number): boolean {
  const { clock } = schedule;
  if (schedule.holidays.has(clock.date(at))) return false;
  const l = clock.local(at);
  return (schedule.hours[l.isoWeekday] ?? []).some(([from, to]) => l.minuteOfDay >= from && l.minuteOfDay < to);
}

/** The next moment the office opens after `at` (epoch ms), looking up to 30 days ahead. */
export function nextOpening(schedule: Schedule, at: number): number | undefined {
  const { clock } = schedule;
  const today = clock.day(at);
  for (let day = today; day <= today + 30; day++) {
    const dayStart = clock.dayStart(day);
    if (schedule.holidays.has(clock.date(dayStart))) continue;
    for (const [from] of [...(schedule.hours[clock.local(dayStart).isoWeekday] ?? [])].sort((a, b) => a[0] - b[0])) {
      const opening = dayStart + from * 60_000;
      if (opening > at) return opening;
    }
  }
  return undefined;
}

/** "Senin, 24 November pukul 08.00 WIB", in the office's zone. */
export function formatLocal(schedule: Schedule, at: number): string {
  const { clock } = schedule;
  const l = clock.local(at);
  return `${DAYS[l.weekday]}, ${l.day} ${MONTHS[l.month - 1]} pukul ${clock.time(at)} ${clock.zone}`;
}
