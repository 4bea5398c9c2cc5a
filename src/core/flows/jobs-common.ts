/** What the job flows share: their context, button actions and labels, and the small reply helpers. */
import type { ContentBundle } from "../../content/types.ts";
import { type ListingQuery } from "../../listings/search.ts";
import { type Education, type Listings } from "../../listings/types.ts";
import { dedupeButtons, menuButton, topicButton } from "../buttons.ts";
import type { OfficeClock } from "../clock.ts";
import { line, markedLines, richBody, type Line } from "../rich.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import { type TopicId } from "../topics.ts";
import type { Browse, Button, ConversationState, Effect, Reply, StoredProfile } from "../types.ts";
import type { FlowResult } from "./handoff.ts";

/** Items per list page. */
export const PAGE_SIZE = 5;
/** Shortest text worth a scam check. */
export const MIN_SCAM_TEXT = 40;

/** What the job flows need besides the event and the state. */
export interface JobContext {
  /** loaded only when a flow needs them (one more KV read on a cold isolate) */
  listings?: Listings;
  profile?: StoredProfile;
  /** the office's local date, YYYY-MM-DD */
  today: string;
  /** the office clock (dates shown to the seeker) */
  clock: OfficeClock;
  /** the time of the inbound message (epoch ms), when the caller has it */
  now?: number;
  retentionDays?: number;
}

/** The flow needs the listings blob: the caller loads it and asks again. */
export const NEEDS_LISTINGS = "needs-listings" as const;

/** Button actions (Telegram callback_data ≤ 64 bytes: ids are 6 characters). */
export const jobActions = {
  vacancyPage: (page: number) => `vl:${page}`,
  vacancyDetail: (id: string) => `vd:${id}`,
  vacancyApply: (id: string) => `va:${id}`,
  vacancyAsk: (id: string) => `vk:${id}`,
  vacancySearch: "vs",
  vacancyPlace: "vf:l",
  vacancyPlaceSet: (code: string) => `vf:l:${code}`,
  vacancyEducation: "vf:e",
  vacancyEducationSet: (level: Education) => `vf:e:${level}`,
  vacancyClear: "vf:x",
  vacancyMatch: "vm",
  trainingPage: (page: number) => `ll:${page}`,
  trainingDetail: (id: string) => `ld:${id}`,
  trainingRegister: (id: string) => `la:${id}`,
  trainingAsk: (id: string) => `lk:${id}`,
  trainingSearch: "ls",
  trainingPlace: "lf:l",
  trainingPlaceSet: (code: string) => `lf:l:${code}`,
  trainingEducation: "lf:e",
  trainingEducationSet: (level: Education) => `lf:e:${level}`,
  trainingClear: "lf:x",
  trainingMatch: "lm",
  scamCheck: "sc",
  guide: (topic: TopicId) => `g:${topic}`,
} as const;

/** "Ask a counsellor about this listing": the engine opens a case with the listing attached. */
export interface AskAbout {
  ask: { kind: "vacancy" | "training"; slug: string; title: string; topic: TopicId };
}

/** A decision, a request for the listings, a handoff about a listing, or not the flow's business. */
export type JobResult = FlowResult | typeof NEEDS_LISTINGS | AskAbout | undefined;
export type Result = JobResult;

export const JOB_ACTION = /^(vl|vd|va|vk|vs|vf|vm|ll|ld|la|lk|ls|lf|lm|sc|g)(:|$)/;

/** True for a button action this flow owns. */
export function isJobAction(action: string): boolean {
  return JOB_ACTION.test(action);
}

export const ACTION_LABELS: Record<string, string> = {
  vl: "daftar lowongan, halaman", vd: "detail lowongan", va: "cara melamar", vk: "tanya konselor tentang lowongan",
  vs: "cari lowongan", vf: "filter lowongan", vm: "lowongan cocok untukku", ll: "daftar pelatihan, halaman",
  ld: "detail pelatihan", la: "cara daftar pelatihan", lk: "tanya konselor tentang pelatihan", ls: "cari pelatihan", lf: "filter pelatihan",
  lm: "pelatihan cocok untukku", sc: "cek teks lowongan", g: "panduan", pf: "profil", al: "info mingguan",
};

/** A readable log line for a job button press ("[detail lowongan k3x9a1]"); undefined for other actions. */
export function jobActionLabel(action: string): string | undefined {
  const [name, ...rest] = action.split(":");
  const label = Object.hasOwn(ACTION_LABELS, name ?? "") ? ACTION_LABELS[name!] : undefined;
  return label ? `[${[label, ...rest].join(" ")}]` : undefined;
}

/** The place and education filters of the list the seeker is browsing (of this kind, not the profile matches). */
export function keptFilters(browse: Browse | undefined, kind: "v" | "l"): Partial<Browse> {
  if (!browse || browse.kind !== kind || browse.match) return {};
  return { ...(browse.placeCode ? { placeCode: browse.placeCode } : {}), ...(browse.education ? { education: browse.education } : {}) };
}

/** Paging: the new page may replace the message whose button was pressed (channels that can edit do so). */
export function inPlace(r: FlowResult): FlowResult {
  return { ...r, replies: r.replies.map((reply, i) => (i === 0 ? { ...reply, inPlace: true } : reply)) };
}

export function queryParts(q: ListingQuery): Partial<Browse> {
  return {
    ...(q.text ? { text: q.text } : {}),
    ...(q.placeCode ? { placeCode: q.placeCode } : {}),
    ...(q.education ? { education: q.education } : {}),
  };
}

export function result(topic: TopicId, state: ConversationState, replies: Reply[], effects: Effect[] = []): FlowResult {
  return { topic, replies, state: { ...state, lastTopic: topic }, effects };
}

/** A rich reply from lines, or from one template of the strings module (its **bold** and *italic* read). */
export function rich(topic: TopicId, body: Line[] | string, buttons: Button[]): Reply {
  return { topic, body: richBody(typeof body === "string" ? markedLines(body) : body), buttons: dedupeButtons(buttons) };
}

export function ask(state: ConversationState, awaiting: ConversationState["awaiting"], topic: TopicId, body: Line[] | string, buttons: Button[]): FlowResult {
  return result(topic, { ...state, awaiting }, [rich(topic, body, [...buttons, menuButton()])]);
}

export function guide(topic: TopicId, state: ConversationState, content: ContentBundle, extra: Button[] = []): FlowResult {
  const t = Object.hasOwn(content.topics, topic) ? content.topics[topic] : undefined;
  if (!t) return result("menu", state, [rich("menu", [line(topic)], [menuButton()])]);
  const related = t.related.map((r) => topicButton(content, r));
  return result(topic, state, [{ topic, body: { kind: "guide", topic }, buttons: dedupeButtons([...extra, ...related, menuButton()]) }]);
}

export function backButton(kind: "v" | "l", browse: Browse | undefined): Button {
  const page = browse?.kind === kind ? browse.page : 1;
  return { label: S.buttons.backToList, action: kind === "v" ? jobActions.vacancyPage(page) : jobActions.trainingPage(page) };
}

export function placeName(listings: Listings, code: string): string {
  const exact = listings.places.find((p) => p.code === code);
  if (exact) return exact.kecamatan;
  return listings.places.find((p) => p.code.startsWith(`${code}.`))?.kabupaten ?? code;
}

/** A list of matches needs the seeker's profile first. */
export function needProfile(state: ConversationState, topic: TopicId): FlowResult {
  return result(topic, state, [rich(topic, S.vacancy.needProfile, [{ label: S.buttons.fillProfile, action: "pf:start" }, menuButton()])]);
}
