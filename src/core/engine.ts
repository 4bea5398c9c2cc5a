/** The conversation engine: one inbound event and the conversation state in, replies and new state out. */
import type { ContentBundle } from "../content/types.ts";
import { route } from "./router.ts";
import { asksQuestion } from "./section-choice.ts";
import { strings } from "./strings.ts";
import { isTopicId, type TopicId } from "./topics.ts";
import { actions, dedupeButtons, findSection, guideButton, guideSections, menuButton, menuButtons, sectionButton, topicButton } from "./buttons.ts";
import { continueHandoff, startHandoff, type FlowResult, type HandoffContext } from "./flows/handoff.ts";
import { continueJobs, enterJobTopic, freeTextScamCheck, jobActionLabel, jobActions, NEEDS_LISTINGS, type JobContext, type JobResult } from "./flows/jobs.ts";
import { jobStrings } from "./strings-jobs.ts";
import { continueProfile, enterProfile } from "./flows/profile.ts";
import { privacyFlow } from "./flows/privacy.ts";
import { parseSchedule } from "./schedule.ts";
import type { Button, ConversationState, DataSummary, Effect, InboundEvent, InboundFile, Reply } from "./types.ts";
import { fileStrings, formatSize, refusalText } from "./strings-files.ts";

/** What the engine decided for one inbound event. */
export interface EngineResult {
  /** the topic the inbound message is about (logged with it) */
  topic: TopicId;
  replies: Reply[];
  state: ConversationState;
  /** changes to make atomically with logging the replies (cases, intake, ratings) */
  effects: Effect[];
  /** the answer needs the listings blob: load it and call respond again with ctx.listings */
  needsListings?: boolean;
}

/** The engine's answer before the state is updated; `secondary` is the other topic of a mixed question. */
type Decision = { topic: TopicId; replies: Reply[]; secondary?: TopicId; section?: string };

/** Context from the store and configuration: the open case, the queue, office hours, the time, and for /datasaya the seeker's data. */
export type EngineContext = HandoffContext & Partial<JobContext> & {
  data?: DataSummary;
  /** the seeker's first message to BINJOL: add the short privacy notice */
  firstContact?: boolean;
  /** days messages are kept (RETENTION_DAYS), for the notice */
  retentionDays?: number;
  /** a counsellor blocked the seeker */
  blocked?: boolean;
  /** the channel's flood limit was hit for this conversation */
  throttled?: boolean;
};

/** How long one "too fast" or "blocked" notice covers before another may be sent. */
export const QUIET_NOTICE_MS = 10 * 60_000;

const DEFAULT_CONTEXT: EngineContext = { waiting: 0, schedule: parseSchedule({}), now: 0 };

export { actions };

/** Decide the replies to one inbound event. Pure: no I/O, no channel knowledge. */
export function respond(
  event: InboundEvent,
  state: ConversationState,
  content: ContentBundle,
  ctx: EngineContext = DEFAULT_CONTEXT,
): EngineResult {
  // Privacy rights always work, even for a blocked or flooding seeker.
  const privacy = privacyFlow(event, state, ctx.data, ctx.schedule.clock);
  if (privacy) return privacy;
  if (ctx.blocked || ctx.throttled) return quiet(state, content, ctx);
  const result = withRetention(answer(event, state, content, ctx), ctx);
  if (result.needsListings) return result;
  if (ctx.firstContact && !isGreeting(event)) {
    // First contact that is not /start or the menu (whose greeting mentions privacy): add the short notice.
    // When the answer ends in a question (the counsellor intake), the notice goes before it, not after its buttons.
    const notice: Reply = { topic: "privasi", body: { kind: "text", text: strings.privacyNotice(ctx.retentionDays ?? 365) }, buttons: [] };
    const replies = result.replies.length > 1 ? [...result.replies.slice(0, -1), notice, result.replies.at(-1)!] : [...result.replies, notice];
    return { ...result, replies };
  }
  return result;
}

/** The privacy guide is content and cannot read RETENTION_DAYS: the retention period follows it as a short text. */
function withRetention(result: EngineResult, ctx: EngineContext): EngineResult {
  const at = result.replies.findIndex((r) => r.body.kind === "guide" && r.body.topic === "privasi");
  if (at < 0) return result;
  const note: Reply = { topic: "privasi", body: { kind: "text", text: strings.privacy.retention(ctx.retentionDays ?? 365) }, buttons: [] };
  // After the guide's last part, before its buttons' reply when the guide is split (the buttons go with the last reply).
  const replies = [...result.replies];
  const guide = replies[at]!;
  replies.splice(at, 1, { ...guide, buttons: [] }, { ...note, buttons: guide.buttons });
  return { ...result, replies };
}

/** One polite notice, then silence, while a seeker is blocked or sending too fast; every message is still logged. */
function quiet(state: ConversationState, content: ContentBundle, ctx: EngineContext): EngineResult {
  const recent = state.quietNoticeAt !== undefined && ctx.now - state.quietNoticeAt < QUIET_NOTICE_MS;
  if (recent) return { topic: "unknown", replies: [], state, effects: [] };
  const text = ctx.blocked ? strings.quiet.blocked(content.office.nama_singkat ?? "kantor Disnaker") : strings.quiet.throttled;
  return {
    topic: "unknown",
    replies: [{ topic: "unknown", body: { kind: "text", text }, buttons: [] }],
    state: { ...state, quietNoticeAt: ctx.now },
    effects: [],
  };
}

/** /start, /menu and button presses need no separate privacy notice (the greeting mentions privacy; buttons come later). */
function isGreeting(event: InboundEvent): boolean {
  return (event.type === "command" && (event.command === "start" || event.command === "menu")) || event.type === "action";
}

function answer(event: InboundEvent, state: ConversationState, content: ContentBundle, ctx: EngineContext): EngineResult {
  const flow = continueHandoff(event, state, content, ctx);
  if (flow) return flow;
  // Outside the flow a pending rating is dropped, and a handoff whose case is gone is over.
  const base: ConversationState = { ...state, rating: undefined, ...(ctx.openCase ? {} : { handoff: undefined }) };
  const clock = ctx.schedule.clock;
  const jobCtx: JobContext = { ...ctx, clock, today: ctx.today ?? clock.date(ctx.now) };
  const job = continueProfile(event, base, content, jobCtx) ?? continueJobs(event, base, content, jobCtx);
  if (job) return settle(job, base, content, ctx);
  // Any other message ends a pending question (search words, the text to check, a profile answer).
  const open: ConversationState = { ...base, awaiting: undefined };
  // A recruitment with red flags told in free text gets the scam check of that text (core/scam-intent.ts).
  const scam = freeTextScamCheck(event, open, content, jobCtx);
  if (scam === NEEDS_LISTINGS) return { topic: "cek-lowongan", replies: [], state: open, effects: [], needsListings: true };
  if (scam) return settle(scam, open, content, ctx);
  const result = decide(event, content);
  // Every way to the counsellor topic (button, command, deep link, free text) asks for a human, except a precise
  // question about the service itself ("konseling buka jam berapa?"): its section, with the way to a counsellor.
  if (result.topic === "konselor" && result.section && event.type === "text" && asksQuestion(event.text) && content.topics.konselor) {
    const replies = withFirstButton(result.replies, topicButton(content, "konselor"));
    return { topic: "konselor", replies, state: { ...open, lastTopic: "konselor" }, effects: [] };
  }
  if (result.topic === "konselor" && content.topics.konselor) {
    return startHandoff(open, content, ctx, open.lastTopic ?? "konselor");
  }
  // Job topics open their lists and forms instead of the guide (the guide stays one button away); a section that
  // describes the flow offers the way into it first.
  let answered: EngineResult | undefined;
  if (result.section && JOB_TOPICS.has(result.topic) && describesJobFlow(content, result.topic, result.section)) {
    answered = { topic: result.topic, replies: withFirstButton(result.replies, topicButton(content, result.topic)), state: { ...open, lastTopic: result.topic }, effects: [] };
  }
  if (opensJobFlow(event, result.topic) && !result.section) {
    const entered = result.topic === "profil" ? enterProfile(open, content, jobCtx) : enterJobTopic(result.topic, event, open, content, jobCtx);
    if (entered === NEEDS_LISTINGS) return { topic: result.topic, replies: [], state: open, effects: [], needsListings: true };
    if (entered) answered = settle(entered, open, content, ctx);
  }
  answered ??= { topic: result.topic, replies: result.replies, state: { ...open, lastTopic: result.topic }, effects: [] };
  return result.secondary ? withSecondary(answered, result.secondary, content) : answered;
}

/** A mixed question: the other topic becomes the first button of the first reply, for a guide or a job flow alike. */
function withSecondary(answered: EngineResult, secondary: TopicId, content: ContentBundle): EngineResult {
  return { ...answered, replies: withFirstButton(answered.replies, topicButton(content, secondary)) };
}

/** The replies with `button` first among the first reply's buttons. */
function withFirstButton(replies: Reply[], button: Button): Reply[] {
  const [first, ...rest] = replies;
  return first ? [{ ...first, buttons: dedupeButtons([button, ...first.buttons]) }, ...rest] : replies;
}

const JOB_TOPICS: ReadonlySet<TopicId> = new Set(["lowongan", "pelatihan", "cek-lowongan", "profil"]);

/**
 * A section of a job topic's guide that describes what the flow itself does (the profile form, "... di BINJOL"):
 * a question about it is answered by the flow, not by its description.
 */
function describesJobFlow(content: ContentBundle, topicId: TopicId, sectionId: string): boolean {
  if (!JOB_TOPICS.has(topicId)) return false;
  if (topicId === "profil") return true;
  return /\bbinjol\b/i.test(findSection(content, topicId, sectionId)?.title ?? "");
}

/** A job topic chosen by its command, menu button or deep link, or a free-text request routed to it. */
function opensJobFlow(event: InboundEvent, topicId: TopicId): boolean {
  if (!JOB_TOPICS.has(topicId)) return false;
  if (event.type === "action") return event.action === `t:${topicId}`;
  return event.type === "command" || event.type === "text";
}

/** Turn a job flow's answer into an engine result: a decision, a request for the listings, or a handoff about a listing. */
function settle(job: NonNullable<JobResult>, state: ConversationState, content: ContentBundle, ctx: EngineContext): EngineResult {
  if (job === NEEDS_LISTINGS) return { topic: "unknown", replies: [], state, effects: [], needsListings: true };
  if ("ask" in job) {
    const started: FlowResult = startHandoff({ ...state, awaiting: undefined }, content, ctx, job.ask.topic, { kind: job.ask.kind, slug: job.ask.slug, title: job.ask.title });
    return started;
  }
  return job;
}

function decide(event: InboundEvent, content: ContentBundle): Decision {
  switch (event.type) {
    case "command":
      return command(event.command, event.payload, content);
    case "action":
      return action(event.action, content);
    case "text":
      return freeText(event.text, content);
    case "media": {
      if (event.file) return fileReceived(event.file, content);
      const notice = strings.mediaNotSupported(strings.media[event.media] ?? strings.media.other!);
      // A photo or document is often a job poster: offer the scam check by text and a counsellor.
      const poster = event.media === "photo" || event.media === "document";
      return single("unknown", text(poster ? `${notice}\n\n${strings.mediaPosterHint}` : notice), [
        ...(poster ? [{ label: jobStrings.buttons.scamCheck, action: jobActions.scamCheck }] : []),
        menuButton(),
        topicButton(content, "konselor"),
      ]);
    }
  }
}

/** A file the channel stored (or refused): acknowledge it, and offer the scam check for a photo, and a counsellor. */
function fileReceived(file: InboundFile, content: ContentBundle): Decision {
  const counsellor = topicButton(content, "konselor");
  if (!file.stored) return single("unknown", text(refusalText(file.reason)), [counsellor, menuButton()]);
  if (file.type === "jpeg" || file.type === "png") {
    return single("unknown", text(fileStrings.photoReceived), [{ label: jobStrings.buttons.scamCheck, action: jobActions.scamCheck }, counsellor, menuButton()]);
  }
  return single("unknown", text(fileStrings.documentReceived(file.name, formatSize(file.size))), [counsellor, menuButton()]);
}

function command(name: string, payload: string, content: ContentBundle): Decision {
  if (name === "start") {
    const target = payload.trim().toLowerCase();
    return isTopicId(target) && target !== "unknown" ? topic(target, content) : menu(content);
  }
  if (name === "bantuan" || name === "help") {
    return single("menu", text(strings.help(content.office.nama_singkat ?? "")), menuButtons(content));
  }
  const match = content.commands.find((c) => c.command === name);
  if (match) return topic(match.topic, content);
  return single("unknown", text(strings.unknownCommand(name)), menuButtons(content));
}

function action(value: string, content: ContentBundle): Decision {
  if (value === actions.menu) return menu(content);
  // ("g:<topic>", the whole guide, is the job flows' guide action: continueJobs answers it)
  if (value.startsWith("t:")) {
    const id = value.slice(2);
    if (isTopicId(id)) return topic(id, content);
  }
  if (value.startsWith("s:")) {
    const [, id = "", sectionId = ""] = value.split(":");
    const section = isTopicId(id) ? findSection(content, id, sectionId) : undefined;
    if (isTopicId(id) && section) return topic(id, content, section.id);
  }
  return { topic: "menu", replies: [reply("menu", text(strings.staleButton), []), ...menu(content).replies] };
}

function freeText(input: string, content: ContentBundle): Decision {
  const routed = route(content.index, input);
  if (routed.confident) {
    // A precise question gets the section that answers it, a job topic's too ("syarat daftar BLK"); a general one
    // gets the guide, or for a job topic its lists and forms (answer()), as does a question about the flow itself.
    // A question about what the flow does ("kenapa harus setuju dulu sebelum isi profil?") is answered by its section.
    const flowOnly = routed.section !== undefined && describesJobFlow(content, routed.topic, routed.section) && !asksQuestion(input);
    const section = routed.section && !flowOnly ? routed.section : undefined;
    const result = topic(routed.topic, content, section);
    const other = routed.secondary;
    // A mixed question: answer the main topic; answer() offers the other one first among the buttons.
    return other && other !== routed.topic && content.topics[other] ? { ...result, secondary: other } : result;
  }
  // Not understood: say so, offer the closest topics (the router names none without evidence), a counsellor and the menu.
  const suggestions = [routed.topic, ...routed.alternatives];
  const buttons = [
    ...suggestions
      .filter((t) => t !== "menu" && t !== "unknown")
      .slice(0, 3)
      .map((t) => topicButton(content, t)),
    topicButton(content, "konselor"),
    menuButton(),
  ];
  const replies = [reply("unknown", { kind: "guide", topic: "unknown" }, dedupeButtons(buttons))];
  return { topic: "unknown", replies };
}

/**
 * The reply for one topic: its guide, then related topics and the way back to the menu. With `section`, only that
 * section of the guide (a precise question), then the whole guide and up to two neighbouring sections.
 */
export function topic(id: TopicId, content: ContentBundle, section?: string): Decision {
  if (id === "menu") return menu(content);
  const sections = section ? guideSections(content, id) : [];
  const at = sections.findIndex((s) => s.id === section);
  if (at >= 0) {
    const neighbours = [sections[at + 1], sections[at - 1]].filter((s) => s !== undefined).slice(0, 2);
    const buttons = [guideButton(id), ...neighbours.map((s) => sectionButton(id, s)), menuButton()];
    return { ...single(id, { kind: "guide", topic: id, section: sections[at]!.id }, dedupeButtons(buttons)), section: sections[at]!.id };
  }
  const t = content.topics[id];
  const related = (t?.related ?? []).map((r) => topicButton(content, r));
  const extra = id === "unknown" ? [topicButton(content, "konselor")] : [];
  return single(id, { kind: "guide", topic: id }, dedupeButtons([...related, ...extra, menuButton()]));
}

/** The greeting and the main menu of services. */
export function menu(content: ContentBundle): Decision {
  return single("menu", { kind: "guide", topic: "menu" }, menuButtons(content));
}

/** The label a button with this action shows, for logs and history. */
export function actionLabel(action: string, content: ContentBundle): string {
  if (action === actions.menu) return strings.backToMenu;
  const job = jobActionLabel(action);
  if (job) return job;
  if (action.startsWith("s:")) {
    const [, topicId = "", sectionId = ""] = action.split(":");
    const section = isTopicId(topicId) ? findSection(content, topicId, sectionId) : undefined;
    if (isTopicId(topicId) && section) return sectionButton(topicId, section).label;
  }
  const id = action.startsWith("t:") ? action.slice(2) : "";
  if (isTopicId(id)) return topicButton(content, id).label;
  return action;
}

function text(value: string): Reply["body"] {
  return { kind: "text", text: value };
}

function reply(topicId: TopicId, body: Reply["body"], buttons: Button[]): Reply {
  return { topic: topicId, body, buttons };
}

function single(topicId: TopicId, body: Reply["body"], buttons: Button[]): Decision {
  return { topic: topicId, replies: [reply(topicId, body, buttons)] };
}
