/**
 * The office clock: one UTC offset and the zone name people read, from configuration (`OFFICE_UTC_OFFSET`,
 * `OFFICE_ZONE` in wrangler.toml). Everything that speaks of the office's dates and times uses it: the office's
 * date (listing deadlines, weekly alerts), office hours, /datasaya, the dashboard, the statistics and the rollup.
 *
 * Indonesia has three zones and no daylight saving (Keppres 41/1987): WIB = UTC+07:00, WITA = UTC+08:00,
 * WIT = UTC+09:00. So local time is a fixed shift of UTC: plain arithmetic on epoch milliseconds, no Intl and
 * no dependence on the machine's time zone.
 *
 * Configuration: either value may be left out when the other names a known zone ("+08:00" alone is WITA, "WIT"
 * alone is +09:00); both empty is WIB. An invalid offset, an unknown zone without an offset, or a known zone
 * with another offset ("WIT" with "+07:00") is an error: officeClockFrom throws a ClockConfigError that says
 * which setting is wrong (the content build and scripts stop on it; the Worker logs it and keeps WIB, see
 * clockFrom in src/env.ts).
 */

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Indonesia's zones and their offsets from UTC in minutes. */
export const INDONESIAN_ZONES: Readonly<Record<string, number>> = { WIB: 420, WITA: 480, WIT: 540 };

/** The local calendar fields of an instant on the office clock. */
export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  /** day of the month, 1-31 */
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  isoWeekday: number;
  /** minutes since local midnight */
  minuteOfDay: number;
}

/** The office's clock. Day numbers count office days since 1970-01-01 (office day n starts at dayStart(n)). */
export interface OfficeClock {
  /** "+07:00" */
  readonly offset: string;
  /** offset from UTC in minutes (WIB: 420) */
  readonly offsetMinutes: number;
  /** offset from UTC in milliseconds */
  readonly offsetMs: number;
  /** the zone name shown to people: "WIB", "WITA", "WIT" */
  readonly zone: string;
  /** local calendar fields of `ms` */
  local(ms: number): LocalTime;
  /** the office's date at `ms`, "YYYY-MM-DD" */
  date(ms: number): string;
  /** the office day number of `ms` */
  day(ms: number): number;
  /** epoch ms of the office midnight that starts office day `day` */
  dayStart(day: number): number;
  /** the office midnight (epoch ms) starting the date "YYYY-MM-DD", or undefined when it is not a real date */
  parseDate(value: string | undefined): number | undefined;
  /** "14.05": the local time as Indonesians write it */
  time(ms: number): string;
  /** "2026-11-23 14:05": local date and time, for CSV cells and lists */
  dateTime(ms: number): string;
}

/** A configuration value the office clock cannot use. */
export class ClockConfigError extends Error {
  override name = "ClockConfigError";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "YYYY-MM-DD" of an office day number (day numbers are already local). */
export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Minutes from "+07:00" / "-03:30"; undefined when it is not such an offset or lies outside -12:00..+14:00. */
export function parseUtcOffset(value: string): number | undefined {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (minutes >= 60) return undefined;
  const total = (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  return total >= -12 * 60 && total <= 14 * 60 ? total : undefined;
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The clock of a UTC offset in minutes and a zone name (both already valid). */
export function officeClock(offsetMinutes: number, zone: string): OfficeClock {
  const offsetMs = offsetMinutes * 60_000;
  const shifted = (ms: number) => new Date(ms + offsetMs);
  const clock: OfficeClock = {
    offset: offsetText(offsetMinutes),
    offsetMinutes,
    offsetMs,
    zone,
    local(ms) {
      const d = shifted(ms);
      const weekday = d.getUTCDay();
      return {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hours: d.getUTCHours(),
        minutes: d.getUTCMinutes(),
        seconds: d.getUTCSeconds(),
        weekday,
        isoWeekday: weekday === 0 ? 7 : weekday,
        minuteOfDay: d.getUTCHours() * 60 + d.getUTCMinutes(),
      };
    },
    date: (ms) => shifted(ms).toISOString().slice(0, 10),
    day: (ms) => Math.floor((ms + offsetMs) / DAY_MS),
    dayStart: (day) => day * DAY_MS - offsetMs,
    parseDate(value) {
      if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
      const utcMidnight = Date.parse(`${value}T00:00:00Z`);
      if (Number.isNaN(utcMidnight) || dayIso(utcMidnight / DAY_MS) !== value) return undefined;
      return utcMidnight - offsetMs;
    },
    time(ms) {
      const d = shifted(ms);
      return `${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}`;
    },
    dateTime(ms) {
      const d = shifted(ms);
      return `${d.toISOString().slice(0, 10)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    },
  };
  return Object.freeze(clock);
}

/** WIB, UTC+07:00: the clock when nothing is configured. */
export const WIB_CLOCK: OfficeClock = officeClock(INDONESIAN_ZONES.WIB!, "WIB");

/**
 * The office clock from configuration (wrangler.toml [vars] or the environment). Throws ClockConfigError naming
 * the wrong setting; see the module comment for the rules.
 */
export function officeClockFrom(vars: { OFFICE_UTC_OFFSET?: string | undefined; OFFICE_ZONE?: string | undefined }): OfficeClock {
  const rawOffset = vars.OFFICE_UTC_OFFSET?.trim() || undefined;
  const rawZone = vars.OFFICE_ZONE?.trim() || undefined;
  if (!rawOffset && !rawZone) return WIB_CLOCK;
  let minutes: number | undefined;
  if (rawOffset) {
    minutes = parseUtcOffset(rawOffset);
    if (minutes === undefined) {
      throw new ClockConfigError(`OFFICE_UTC_OFFSET "${rawOffset}" is not a UTC offset like "+07:00" (WIB), "+08:00" (WITA) or "+09:00" (WIT)`);
    }
  }
  let zone: string;
  if (rawZone) {
    if (!/^[A-Za-z][A-Za-z0-9+:-]{0,11}$/.test(rawZone)) {
      throw new ClockConfigError(`OFFICE_ZONE "${rawZone}" is not a short zone name like WIB, WITA or WIT`);
    }
    // "wita" is WITA; other names are shown as written.
    zone = Object.hasOwn(INDONESIAN_ZONES, rawZone.toUpperCase()) ? rawZone.toUpperCase() : rawZone;
    const known = Object.hasOwn(INDONESIAN_ZONES, zone) ? INDONESIAN_ZONES[zone] : undefined;
    if (minutes === undefined) {
      if (known === undefined) throw new ClockConfigError(`OFFICE_ZONE "${rawZone}" is not WIB, WITA or WIT: set OFFICE_UTC_OFFSET too`);
      minutes = known;
    } else if (known !== undefined && known !== minutes) {
      throw new ClockConfigError(`OFFICE_ZONE ${zone} is UTC${offsetText(known)}, but OFFICE_UTC_OFFSET is "${rawOffset}"`);
    }
  } else {
    zone = Object.entries(INDONESIAN_ZONES).find(([, m]) => m === minutes)?.[0] ?? `UTC${offsetText(minutes!)}`;
  }
  return officeClock(minutes!, zone);
}
