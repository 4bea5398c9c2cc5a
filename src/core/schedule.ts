/** Office hours and public holidays: when a counsellor can answer. Pure; built from configuration. */

/** Opening hours per ISO weekday (1 = Monday), in local minutes since midnight. */
export interface Schedule {
  /** offset of local time from UTC in minutes (WIB = +420) */
  utcOffsetMinutes: number;
  /** zone name shown to seekers, e.g. "WIB" */
  zoneName: string;
  hours: Record<number, Array<[number, number]>>;
  /** local dates "YYYY-MM-DD" when the office is closed */
  holidays: Set<string>;
}

const DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/**
 * Parse the configuration: hours like "1-4 08:00-15:30; 5 08:00-14:30" (ISO weekdays),
 * holidays like "2026-12-25,2027-01-01", offset like "+07:00".
 */
export function parseSchedule(config: { hours?: string; holidays?: string; utcOffset?: string; zoneName?: string }): Schedule {
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
  const off = /^([+-])(\d{2}):(\d{2})$/.exec(config.utcOffset ?? "+07:00");
  const utcOffsetMinutes = off ? (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 420;
  const holidays = new Set((config.holidays ?? "").split(",").map((d) => d.trim()).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)));
  return { utcOffsetMinutes, zoneName: config.zoneName ?? "WIB", hours, holidays };
}

function local(schedule: Schedule, at: number) {
  const d = new Date(at + schedule.utcOffsetMinutes * 60_000);
  return {
    date: d.toISOString().slice(0, 10),
    isoDay: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    d,
  };
}

/** True when counsellors are on duty at `at` (epoch ms). */
export function isOpen(schedule: Schedule, at: number): boolean {
  const l = local(schedule, at);
  if (schedule.holidays.has(l.date)) return false;
  return (schedule.hours[l.isoDay] ?? []).some(([from, to]) => l.minutes >= from && l.minutes < to);
}

/** The next moment the office opens after `at` (epoch ms), looking up to 30 days ahead. */
export function nextOpening(schedule: Schedule, at: number): number | undefined {
  const l = local(schedule, at);
  const midnightLocal = at - (l.minutes * 60_000 + l.d.getUTCSeconds() * 1000 + l.d.getUTCMilliseconds());
  for (let day = 0; day <= 30; day++) {
    const dayStart = midnightLocal + day * 86_400_000;
    const dl = local(schedule, dayStart);
    if (schedule.holidays.has(dl.date)) continue;
    for (const [from] of [...(schedule.hours[dl.isoDay] ?? [])].sort((a, b) => a[0] - b[0])) {
      const opening = dayStart + from * 60_000;
      if (opening > at) return opening;
    }
  }
  return undefined;
}

/** "Senin, 24 November pukul 08.00 WIB" */
export function formatLocal(schedule: Schedule, at: number): string {
  const { d } = local(schedule, at);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} pukul ${hh}.${mm} ${schedule.zoneName}`;
}
