/** The weekly job-alert digest: channel-neutral blocks, plain text (web and the log) and buttons, from matched vacancies. Pure. */
import { actions } from "../core/buttons.ts";
import { jobActions } from "../core/flows/jobs.ts";
import { profileActions } from "../core/flows/profile.ts";
import type { Block, Span } from "../core/body.ts";
import { formatDate, shortLabel } from "../core/html.ts";
import { blocksText, bold, line } from "../core/rich.ts";
import { jobStrings } from "../core/strings-jobs.ts";
import type { Button } from "../core/types.ts";
import type { Match, Vacancy } from "../listings/types.ts";

/** Vacancies in one digest. */
export const DIGEST_SIZE = 5;

/** One digest, ready for either channel. */
export interface Digest {
  /** the message as blocks; its plain text is always under TELEGRAM_LIMIT characters */
  blocks: Block[];
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

function render(items: Item[]): Block[] {
  const paragraph = (spans: Span[]): Block => ({ type: "paragraph", spans });
  return [
    { type: "heading", spans: line(S.title) },
    paragraph(line(S.intro(items.length))),
    ...items.map((it, i) =>
      paragraph(line(`${i + 1}. `, bold(it.position), ` — ${it.company}\n${it.facts}`, ...(it.reasons ? [`\n${it.reasons}`] : []))),
    ),
    paragraph(line(`${S.details}\n${S.stop}`)),
  ];
}

/**
 * The longest a channel's markup of the digest can be: its text with every character HTML escapes at its
 * escaped length, plus 7 characters of tags per bold span (the heading and each position).
 */
function markupBound(blocks: Block[], items: number): number {
  const text = blocksText(blocks);
  const escapes = (text.match(/&/g)?.length ?? 0) * 4 + (text.match(/[<>]/g)?.length ?? 0) * 3 + (text.match(/"/g)?.length ?? 0) * 5;
  return text.length + escapes + 7 * (items + 1);
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
  let blocks = render(items);
  while (markupBound(blocks, items.length) > TELEGRAM_LIMIT && items.length > 1) {
    items = items.slice(0, -1);
    blocks = render(items);
  }
  if (items.length === 0) return undefined;
  const shown = usable.slice(0, items.length);
  return {
    blocks,
    text: blocksText(blocks),
    buttons: [
      ...shown.map((m, i) => ({ label: labelOf(i, m.item), action: jobActions.vacancyDetail(m.item.id) })),
      { label: S.stopButton, action: ALERTS_OFF_ACTION },
      { label: S.allButton, action: ALL_VACANCIES_ACTION },
    ],
    count: items.length,
  };
}
