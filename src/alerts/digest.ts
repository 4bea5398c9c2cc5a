/** The weekly job-alert digest: Telegram HTML, plain text (web and the log) and buttons, from matched vacancies. Pure. */
import { actions } from "../core/buttons.ts";
import { jobActions } from "../core/flows/jobs.ts";
import { profileActions } from "../core/flows/profile.ts";
import { escapeHtml, formatDate, shortLabel } from "../core/html.ts";
import { jobStrings } from "../core/strings-jobs.ts";
import type { Button } from "../core/types.ts";
import type { Match, Vacancy } from "../listings/types.ts";

/** One digest, ready for either channel. */
export interface Digest {
  /** Telegram HTML (parse_mode HTML), always under TELEGRAM_LIMIT characters */
  html: string;
  /** the same message as plain text, for the web widget and the message log */
  text: string;
  /** one button per vacancy (`vd:<id>`), then stop alerts and all vacancies */
  buttons: Button[];
  /** vacancies shown */
  count: number;
}

/** Telegram's message limit is 4,096 characters; leave room for the entities Telegram counts differently. */
export const TELEGRAM_LIMIT = 4000;
/** Action that turns weekly alerts off. */
export const ALERTS_OFF_ACTION = profileActions.alertsOff;
/** Action that opens the vacancy list. */
export const ALL_VACANCIES_ACTION = actions.topic("lowongan");

const S = jobStrings.alerts;

/** At most `max` characters (code points), with an ellipsis when cut. */
function clip(text: string, max: number): string {
  return shortLabel(text.replace(/\s+/g, " ").trim(), max);
}

/** The company with a "(contoh)" mark for demo vacancies, unless the name already says so. */
function companyOf(v: Vacancy): string {
  const company = clip(v.company, 80);
  return v.example && !/contoh/i.test(company) ? `${company} ${S.example}` : company;
}

interface Item {
  position: string;
  company: string;
  facts: string;
  reasons?: string;
}

function itemOf(m: Match<Vacancy>): Item {
  const v = m.item;
  const facts = [`📍 ${clip(v.place.kecamatan, 40)}`, S.minEducation(v.education), S.deadline(formatDate(v.deadline))].join(" · ");
  const reasons = m.reasons.slice(0, 3).map((r) => clip(r, 40)).join(", ");
  return { position: clip(v.position, 80), company: companyOf(v), facts, ...(reasons ? { reasons: S.reasons(reasons) } : {}) };
}

function render(items: Item[], html: boolean): string {
  const e = html ? escapeHtml : (s: string) => s;
  const head = html ? `<b>${e(S.title)}</b>` : S.title;
  const blocks = items.map((it, i) => {
    const title = html ? `<b>${e(it.position)}</b>` : it.position;
    return [`${i + 1}. ${title} — ${e(it.company)}`, e(it.facts), ...(it.reasons ? [e(it.reasons)] : [])].join("\n");
  });
  return [head, S.intro(items.length), ...blocks, `${S.details}\n${S.stop}`].join("\n\n");
}

/** Button label of a vacancy: its number and position, short enough for a phone. */
function labelOf(i: number, v: Vacancy): string {
  return clip(`${i + 1}. ${v.position}`, 40);
}

/**
 * Build the digest of `matches` (best first; the caller limits them, usually to 5). Fewer vacancies are
 * shown if the HTML would not fit one Telegram message. Returns undefined when there is nothing to send.
 */
export function buildDigest(matches: Match<Vacancy>[]): Digest | undefined {
  // callback_data is at most 64 bytes: a vacancy whose id would not fit cannot be opened, so it is not shown.
  const usable = matches.filter((m) => new TextEncoder().encode(jobActions.vacancyDetail(m.item.id)).length <= 64);
  let items = usable.map(itemOf);
  let html = render(items, true);
  while (html.length > TELEGRAM_LIMIT && items.length > 1) {
    items = items.slice(0, -1);
    html = render(items, true);
  }
  if (items.length === 0) return undefined;
  const shown = usable.slice(0, items.length);
  return {
    html,
    text: render(items, false),
    buttons: [
      ...shown.map((m, i) => ({ label: labelOf(i, m.item), action: jobActions.vacancyDetail(m.item.id) })),
      { label: S.stopButton, action: ALERTS_OFF_ACTION },
      { label: S.allButton, action: ALL_VACANCIES_ACTION },
    ],
    count: items.length,
  };
}
