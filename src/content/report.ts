/**
 * What content staff should look at soon, from compiled content and a date: listings that close within a few
 * days and guides whose last review is too old. Pure: used by `npm run content:check` (node) and by the
 * dashboard's "Konten" page (Worker), each with its own clock.
 */
import type { Listings } from "../listings/types.ts";

/** Listings closing within this many days are listed. */
export const EXPIRING_WITHIN_DAYS = 14;
/** Guides last reviewed more than this many months ago are listed. */
export const REVIEW_AFTER_MONTHS = 6;

const DAY_MS = 86_400_000;

export interface ExpiringListing {
  file: string;
  kind: "lowongan" | "pelatihan";
  title: string;
  deadline: string;
  /** 0 = closes today (still shown today), 14 = in two weeks */
  daysLeft: number;
}

export interface ReviewDue {
  file: string;
  topic: string;
  title: string;
  reviewed: string;
  /** the date from which the guide counts as due */
  dueSince: string;
}

export interface ContentReport {
  expiring: ExpiringListing[];
  reviewDue: ReviewDue[];
}

/** `iso` minus `months` calendar months (clamped to the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The report for `today` (the office's local date, YYYY-MM-DD). */
export function contentReport(
  topics: Iterable<{ id: string; title: string; reviewed: string }>,
  listings: Pick<Listings, "vacancies" | "trainings"> | undefined,
  today: string,
  options: { expiringWithinDays?: number; reviewAfterMonths?: number } = {},
): ContentReport {
  const within = options.expiringWithinDays ?? EXPIRING_WITHIN_DAYS;
  const cutoff = monthsBefore(today, options.reviewAfterMonths ?? REVIEW_AFTER_MONTHS);
  const expiring: ExpiringListing[] = [];
  for (const v of listings?.vacancies ?? []) {
    const daysLeft = daysFrom(today, v.deadline);
    if (daysLeft >= 0 && daysLeft <= within) {
      expiring.push({ file: `content/lowongan/${v.slug}.md`, kind: "lowongan", title: `${v.position} — ${v.company}`, deadline: v.deadline, daysLeft });
    }
  }
  for (const t of listings?.trainings ?? []) {
    const daysLeft = daysFrom(today, t.deadline);
    if (daysLeft >= 0 && daysLeft <= within) {
      expiring.push({ file: `content/pelatihan/${t.slug}.md`, kind: "pelatihan", title: `${t.program} — ${t.provider}`, deadline: t.deadline, daysLeft });
    }
  }
  expiring.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.file.localeCompare(b.file));
  const reviewDue: ReviewDue[] = [];
  for (const t of topics) {
    if (t.reviewed < cutoff) {
      reviewDue.push({ file: `content/topik/${t.id}.md`, topic: t.id, title: t.title, reviewed: t.reviewed, dueSince: addMonths(t.reviewed, options.reviewAfterMonths ?? REVIEW_AFTER_MONTHS) });
    }
  }
  reviewDue.sort((a, b) => a.reviewed.localeCompare(b.reviewed) || a.file.localeCompare(b.file));
  return { expiring, reviewDue };
}

function addMonths(iso: string, months: number): string {
  return monthsBefore(iso, -months);
}
