/** The counsellor handoff: open a case, a short optional intake, the queue, leaving it, and the rating after close. */
import type { ContentBundle } from "../../content/types.ts";
import { findPlace } from "../../listings/search.ts";
import type { Listings, SeekerEducation } from "../../listings/types.ts";
import { isAddressWord, normalise } from "../../text/normalise.ts";
import { menuButtons } from "../buttons.ts";
import { educationLabel, parseSeekerEducation } from "./profile.ts";
import { jobStrings } from "../strings-jobs.ts";
import { formatLocal, isOpen, nextOpening, type Schedule } from "../schedule.ts";
import { strings } from "../strings.ts";
import { refusalText } from "../strings-files.ts";
import type { TopicId } from "../topics.ts";
import type { Button, ConversationState, Effect, HandoffCounts, InboundEvent, IntakeStep, OpenCase, Reply, StoredProfile } from "../types.ts";

/** How far back the handoff limits count: a rolling day. */
export const HANDOFF_WINDOW_MS = 24 * 3600_000;

/** Most counsellor cases a day, so a script cannot fill the queue (security review M3). */
export interface HandoffLimits {
  /** per conversation (one web session, one Telegram chat) */
  perConversation: number;
  /** per seeker (a Telegram user in any chat; on the web a session is the seeker) */
  perSeeker: number;
  /** per web client address: generous, since many visitors share one carrier-grade NAT address */
  perOrigin: number;
  /** waiting at the same time from one web client address: what keeps a real seeker's queue position short */
  waitingPerOrigin: number;
}

/** The default limits (HANDOFF_LIMITS in wrangler.toml overrides them, see handoffLimitsFrom). */
export const DEFAULT_HANDOFF_LIMITS: HandoffLimits = { perConversation: 3, perSeeker: 3, perOrigin: 10, waitingPerOrigin: 3 };

/** Parse "conversation=3,seeker=3,origin=10,waiting=3" (any subset); unknown or bad parts keep their defaults. */
export function handoffLimitsFrom(raw: string | undefined): HandoffLimits {
  const limits = { ...DEFAULT_HANDOFF_LIMITS };
  const names: Record<string, keyof HandoffLimits> = { conversation: "perConversation", seeker: "perSeeker", origin: "perOrigin", waiting: "waitingPerOrigin" };
  for (const part of (raw ?? "").split(",")) {
    const m = /^\s*(\w+)\s*=\s*(\d{1,4})\s*$/.exec(part);
    if (m && Object.hasOwn(names, m[1]!) && Number(m[2]) > 0) limits[names[m[1]!]!] = Number(m[2]);
  }
  return limits;
}

/** True when one more handoff would go over a limit. */
export function overHandoffLimit(counts: HandoffCounts | undefined, limits: HandoffLimits = DEFAULT_HANDOFF_LIMITS): boolean {
  if (!counts) return false;
  return (
    counts.conversation >= limits.perConversation ||
    counts.seeker >= limits.perSeeker ||
    counts.origin >= limits.perOrigin ||
    counts.originWaiting >= limits.waitingPerOrigin
  );
}

/** What the handoff flow needs to know besides the event and the state. */
export interface HandoffContext {
  /** the seeker's case that is waiting or open, as the store read it */
  openCase?: OpenCase;
  /** cases waiting in the queue right now */
  waiting: number;
  schedule: Schedule;
  now: number;
  /** cases opened in the last day by this conversation, seeker and address */
  handoffs?: HandoffCounts;
  handoffLimits?: HandoffLimits;
  /** the listings blob (its official kecamatan list checks the intake's kecamatan answer); loaded on demand */
  listings?: Listings;
  /** the seeker's profile: its education answers the intake's question */
  profile?: StoredProfile;
}

/** A decision of the flow. */
export interface FlowResult {
  topic: TopicId;
  replies: Reply[];
  state: ConversationState;
  effects: Effect[];
  /** the answer needs the listings blob (the kecamatan list): load it and ask again */
  needsListings?: boolean;
}

/** Button actions of the flow (short: Telegram callback_data is at most 64 bytes). */
export const handoffActions = {
  skip: "h:skip",
  leave: "h:leave",
  education: (level: string) => `h:edu:${level}`,
  /** "yes, that kecamatan" after a "did you mean" */
  place: (code: string) => `h:kec:${code}`,
  rate: (n: number) => `r:${n}`,
} as const;

const STEPS: IntakeStep[] = ["need", "education", "kecamatan"];

/** Handle the event when the conversation is in a handoff or a rating is pending; undefined = not the flow's business. */
export function continueHandoff(event: InboundEvent, state: ConversationState, content: ContentBundle, ctx: HandoffContext): FlowResult | undefined {
  if (state.rating) {
    const rating = ratingOf(event);
    const rest = { ...state, rating: undefined };
    if (rating !== undefined) {
      return {
        topic: "konselor",
        replies: [{ topic: "konselor", body: { kind: "text", text: strings.handoff.thanksRating(rating) }, buttons: menuButtons(content) }],
        state: rest,
        effects: [{ type: "rate", caseId: state.rating.caseId, rating }],
      };
    }
    state = rest;
    if (!state.handoff) return undefined;
  }
  if (!state.handoff) return undefined;
  if (!ctx.openCase) return undefined; // closed or gone meanwhile: the engine answers normally

  const leaving = (event.type === "action" && event.action === handoffActions.leave) || (event.type === "command" && event.command === "batal");
  if (leaving) {
    return {
      topic: "konselor",
      replies: [{ topic: "konselor", body: { kind: "text", text: strings.handoff.left }, buttons: menuButtons(content) }],
      state: { ...state, handoff: undefined, lastTopic: "konselor" },
      effects: [{ type: "leaveCase" }],
    };
  }
  const step = state.handoff.step;
  if (step === "queued") {
    if (event.type === "media" && event.file && !event.file.stored) {
      // A refused file: the seeker hears why (the counsellor sees the attempt in the case).
      const reply: Reply = { topic: "konselor", body: { kind: "text", text: refusalText(event.file.reason) }, buttons: [] };
      return { topic: "konselor", replies: [reply], state, effects: [{ type: "toCase" }] };
    }
    if (event.type === "text" || event.type === "media") {
      // The bot stays quiet: the message (and a file with it) goes to the counsellor.
      return { topic: "konselor", replies: [], state, effects: [{ type: "toCase" }] };
    }
    if ((event.type === "command" && event.command === "konselor") || (event.type === "action" && event.action === "t:konselor")) {
      return queued(state, content, ctx, ctx.openCase.status === "open" ? strings.handoff.alreadyTalking : strings.handoff.alreadyQueued(ctx.openCase.ahead + 1), []);
    }
    return undefined; // other commands and buttons work as usual; the case stays open
  }
  // Intake: a text answers the current step; "skip" (or a word for it) or a button moves on. A file or photo goes to
  // the case like a text (the counsellor sees it) and the question stays open.
  if (event.type === "media") {
    const again = ask(step, state, content, [{ type: "toCase" }]);
    return { ...again, replies: [textReply(strings.handoff.fileToCase), ...again.replies] };
  }
  const skipped = (event.type === "action" && event.action === handoffActions.skip) || (event.type === "text" && isSkipAnswer(event.text));
  let effects: Effect[] = [];
  if (skipped) {
    // nothing recorded; the words themselves are logged with the conversation like every message
  } else if (event.type === "text") {
    const answer = intakeAnswer(step, event.text, state, content, ctx);
    if (!("value" in answer)) return answer;
    effects = [{ type: "intake", field: step, value: answer.value }, { type: "toCase" }];
  } else if (event.type === "action" && event.action.startsWith("h:edu:") && step === "education") {
    const level = event.action.slice("h:edu:".length);
    // the profile's levels (SD to S3, Paket A/B/C) and the labels of older buttons
    const known = (jobStrings.education as readonly string[]).includes(level) ? educationLabel(level as SeekerEducation) : LEGACY_EDUCATION.includes(level) ? level : undefined;
    if (known) effects = [{ type: "intake", field: "education", value: known }];
  } else if (event.type === "action" && event.action.startsWith("h:kec:") && step === "kecamatan") {
    if (!ctx.listings) return needsListings(state);
    const place = ctx.listings.places.find((p) => p.code === event.action.slice("h:kec:".length));
    if (!place) return ask(step, state, content, []); // a forged or outdated code asks again
    effects = [{ type: "intake", field: "kecamatan", value: placeText(place) }];
  } else {
    return undefined; // commands and other buttons: handled as usual, the intake waits
  }
  return advance(step, state, content, ctx, effects);
}

/** The intake buttons of older versions (the case records the label), still accepted from old messages. */
const LEGACY_EDUCATION = ["SD/MI", "SMP/MTs", "SMA/MA", "SMK/MAK", "Paket A", "Paket B", "Paket C", "D1", "D2", "D3", "D4", "S1", "S2/S3"];

/** Answers that mean "skip" ("lewati", "gak ada", "-", "ora ono", "mboten wonten"), greetings like "kak" ignored. */
const SKIP_ANSWERS = new Set([
  "", "lewati", "lewat", "skip", "lanjut", "lanjutkan", "next", "pass", "tidak", "tdk", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga",
  "tidak ada", "tdk ada", "gak ada", "ga ada", "gk ada", "nggak ada", "ngga ada", "enggak ada", "engga ada", "gaada", "gada", "kosong",
  "tidak usah", "gak usah", "ga usah", "nggak usah", "nanti saja", "nanti aja", "ora", "ora ono", "ora ana", "mboten", "mboten wonten", "boten wonten",
]);

export function isSkipAnswer(text: string): boolean {
  const ws = normalise(text).split(" ").filter((w) => w && !isAddressWord(w));
  return ws.length <= 3 && SKIP_ANSWERS.has(ws.join(" "));
}

type IntakeAnswer = { value: string } | FlowResult;

/** A typed answer to the current step: the value to record, or the question again (a kecamatan that is not on the list). */
function intakeAnswer(step: IntakeStep, text: string, state: ConversationState, content: ContentBundle, ctx: HandoffContext): IntakeAnswer {
  const typed = text.slice(0, 500);
  if (step === "education") {
    const level = parseSeekerEducation(typed);
    return { value: level ? educationLabel(level) : typed };
  }
  if (step !== "kecamatan") return { value: typed };
  if (!ctx.listings) return needsListings(state);
  const found = findPlace(ctx.listings.places, typed);
  const place = found && ctx.listings.places.find((p) => p.code === found.code);
  const words = ` ${normalise(typed)} `;
  if (place && words.includes(` ${normalise(place.kecamatan)} `)) return { value: placeText(place) };
  if (place) {
    // a typo of an official name: ask, the seeker confirms with one tap or writes it again
    const reply: Reply = textReply(strings.handoff.didYouMean(place.kecamatan), [
      { label: place.kecamatan, action: handoffActions.place(place.code) },
      { label: strings.handoff.skip, action: handoffActions.skip },
      { label: strings.handoff.leave, action: handoffActions.leave },
    ]);
    return { topic: "konselor", replies: [reply], state: { ...state, handoff: { step: "kecamatan", retried: true }, lastTopic: "konselor" }, effects: [{ type: "toCase" }] };
  }
  // Not on the list (or only a kabupaten): ask once more, then take the words as given (a seeker from outside the area).
  if (state.handoff?.retried) return { value: typed };
  const again = ask("kecamatan", state, content, [{ type: "toCase" }]);
  return { ...again, state: { ...again.state, handoff: { step: "kecamatan", retried: true } }, replies: [textReply(strings.handoff.kecamatanUnknown(typed.slice(0, 40))), ...again.replies] };
}

/** The next intake step, the education taken from the profile when it has one; then the queue. */
function advance(step: IntakeStep, state: ConversationState, content: ContentBundle, ctx: HandoffContext, effects: Effect[]): FlowResult {
  let next = STEPS[STEPS.indexOf(step) + 1];
  const known = ctx.profile?.profile.education;
  if (next === "education" && known) {
    effects = [...effects, { type: "intake", field: "education", value: educationLabel(known) }];
    next = STEPS[STEPS.indexOf(next) + 1];
  }
  if (next) return ask(next, state, content, effects);
  return queued({ ...state, handoff: { step: "queued" } }, content, ctx, undefined, effects);
}

function needsListings(state: ConversationState): FlowResult {
  return { topic: "konselor", replies: [], state, effects: [], needsListings: true };
}

/** "Kanigoro, Kabupaten Blitar": what the case records for a kecamatan on the official list. */
function placeText(place: { kecamatan: string; kabupaten: string }): string {
  return `${place.kecamatan}, ${place.kabupaten}`;
}

function textReply(text: string, buttons: Button[] = []): Reply {
  return { topic: "konselor", body: { kind: "text", text }, buttons };
}

/** Start a handoff: open a case and ask the first intake question. */
export function startHandoff(
  state: ConversationState,
  content: ContentBundle,
  ctx: HandoffContext,
  from: TopicId,
  listing?: { kind: "vacancy" | "training"; slug: string; title: string },
): FlowResult {
  if (ctx.openCase) {
    const text = ctx.openCase.status === "open" ? strings.handoff.alreadyTalking : strings.handoff.alreadyQueued(ctx.openCase.ahead + 1);
    return queued({ ...state, handoff: { step: "queued" } }, content, ctx, text, []);
  }
  if (overHandoffLimit(ctx.handoffs, ctx.handoffLimits)) {
    // A polite refusal: no case, no staff-group topic; the office's own contacts still work.
    const o = content.office;
    const contact = [o.telepon ? `telepon ${o.telepon}` : "", o.whatsapp ? `WhatsApp ${o.whatsapp}` : ""].filter(Boolean).join(", ");
    return {
      topic: "konselor",
      replies: [{ topic: "konselor", body: { kind: "text", text: strings.handoff.tooMany(contact) }, buttons: menuButtons(content) }],
      state: { ...state, handoff: undefined, rating: undefined, lastTopic: "konselor" },
      effects: [],
    };
  }
  // The counsellor guide (content/topik/konselor.md) introduces the service, then the first intake question.
  const first: Reply = content.topics.konselor
    ? { topic: "konselor", body: { kind: "guide", topic: "konselor" }, buttons: [] }
    : { topic: "konselor", body: { kind: "text", text: strings.handoff.start }, buttons: [] };
  const asked = ask("need", { ...state, rating: undefined }, content, [{ type: "openCase", topic: from, ...(listing ? { listing } : {}) }]);
  const about: Reply[] = listing ? [{ topic: "konselor", body: { kind: "text", text: strings.handoff.aboutListing(listing.title) }, buttons: [] }] : [];
  return { ...asked, replies: [first, ...about, ...asked.replies] };
}

function ask(step: IntakeStep, state: ConversationState, _content: ContentBundle, effects: Effect[]): FlowResult {
  const question = step === "need" ? strings.handoff.askNeed : step === "education" ? strings.handoff.askEducation : strings.handoff.askKecamatan;
  const buttons: Button[] = [
    ...(step === "education" ? jobStrings.education.map((level) => ({ label: educationLabel(level), action: handoffActions.education(level) })) : []),
    { label: strings.handoff.skip, action: handoffActions.skip },
    { label: strings.handoff.leave, action: handoffActions.leave },
  ];
  return {
    topic: "konselor",
    replies: [{ topic: "konselor", body: { kind: "text", text: question }, buttons }],
    state: { ...state, handoff: { step }, lastTopic: "konselor" },
    effects,
  };
}

function queued(state: ConversationState, _content: ContentBundle, ctx: HandoffContext, text: string | undefined, effects: Effect[]): FlowResult {
  const position = ctx.openCase ? ctx.openCase.ahead + 1 : ctx.waiting + 1;
  let message = text;
  if (!message) {
    if (isOpen(ctx.schedule, ctx.now)) message = strings.handoff.queuedOpen(position);
    else {
      const next = nextOpening(ctx.schedule, ctx.now);
      message = strings.handoff.queuedClosed(position, hoursText(ctx.schedule), next ? formatLocal(ctx.schedule, next) : "hari kerja berikutnya");
    }
  }
  return {
    topic: "konselor",
    replies: [{ topic: "konselor", body: { kind: "text", text: message }, buttons: [{ label: strings.handoff.leave, action: handoffActions.leave }] }],
    state: { ...state, handoff: { step: "queued" }, lastTopic: "konselor" },
    effects,
  };
}

/** "Senin–Kamis 08.00–15.30, Jumat 08.00–14.30 WIB" from the schedule. */
export function hoursText(schedule: Schedule): string {
  const names = ["", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
  const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}.${String(m % 60).padStart(2, "0")}`;
  const groups: Array<{ from: number; to: number; span: string }> = [];
  for (let d = 1; d <= 7; d++) {
    const span = (schedule.hours[d] ?? []).map(([a, b]) => `${fmt(a)}–${fmt(b)}`).join(", ");
    if (!span) continue;
    const last = groups.at(-1);
    if (last && last.span === span && last.to === d - 1) last.to = d;
    else groups.push({ from: d, to: d, span });
  }
  const parts = groups.map((g) => `${g.from === g.to ? names[g.from] : `${names[g.from]}–${names[g.to]}`} ${g.span}`);
  return `${parts.join(", ")} ${schedule.clock.zone}`;
}

/** The question asked when a counsellor closes a case, with rating buttons 1-5. */
export function ratingQuestion(): Reply {
  return {
    topic: "konselor",
    body: { kind: "text", text: strings.handoff.closed },
    buttons: [1, 2, 3, 4, 5].map((n) => ({ label: "⭐".repeat(n), action: handoffActions.rate(n) })),
  };
}

function ratingOf(event: InboundEvent): number | undefined {
  const raw = event.type === "action" && event.action.startsWith("r:") ? event.action.slice(2) : event.type === "text" ? event.text.trim() : "";
  return /^[1-5]$/.test(raw) ? Number(raw) : undefined;
}

const STAFF_CASE_EFFECTS: ReadonlySet<Effect["type"]> = new Set(["openCase", "intake", "leaveCase", "toCase"]);

/**
 * The case events worth mirroring into the staff group. A case gets a staff-group topic only once the seeker
 * wrote something real to it (text or media: a toCase effect), not for the request or button presses alone, so
 * scripted handoffs open no topics. The first real message brings the case's opening (with its listing) along.
 */
export function staffEvents(effects: Effect[], openCase: OpenCase | undefined): Effect[] {
  if (openCase?.engaged) return effects;
  if (effects.some((e) => e.type === "toCase")) {
    if (!openCase || effects.some((e) => e.type === "openCase")) return effects;
    const opening: Effect = { type: "openCase", topic: openCase.topic ?? "konselor", ...(openCase.listing ? { listing: openCase.listing } : {}) };
    return [opening, ...effects];
  }
  return effects.filter((e) => !STAFF_CASE_EFFECTS.has(e.type));
}
