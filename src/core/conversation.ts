/** One inbound message, end to end: claim and log, decide, deliver through the channel, log the replies. */
import type { ContentBundle } from "../content/types.ts";
import { withDetails } from "../listings/stored.ts";
import type { Listings } from "../listings/types.ts";
import { actionLabel, respond, type EngineContext, type EngineResult } from "./engine.ts";
import { linkCodeOf, linkReply } from "./link.ts";
import { staffEvents, type HandoffLimits } from "./flows/handoff.ts";
import { parseSchedule, type Schedule } from "./schedule.ts";
import { DeliveryError, InFlightError } from "./errors.ts";
import type { ChannelSender, Delivery } from "./channel.ts";
import type { ConversationStore, OutboundRecord, StoredReply } from "./store.ts";
import type { Effect, Inbound, Reply } from "./types.ts";

/** The result of handling one inbound message; ids are the logged rows'. */
export type HandleResult =
  | {
      status: "handled";
      inboundId: number;
      replies: Array<{ id: number; reply: Reply }>;
      /** the case events to mirror into the staff group (see staffEvents); the store already applied all effects */
      effects: Effect[];
      /** every effect the store applied (the dashboard's live inbox hears of a case as soon as it opens) */
      applied: Effect[];
      loggedText: string;
      /** staff-group topics to delete after an erasure */
      staffThreads?: number[];
      /** the seeker's data was erased: their files' R2 objects are deleted next (src/files/store.ts sweepOrphans) */
      erased?: true;
    }
  | { status: "duplicate"; inboundId: number; previous: StoredReply[] };

/** Handle one inbound message exactly once; throws InFlightError or DeliveryError for the sender to retry. */
export async function handleInbound(
  inbound: Inbound,
  deps: {
    store: ConversationStore;
    content: ContentBundle;
    /** the channel's adapter: the replies go out through its send, like every other message the service sends */
    sender: ChannelSender;
    schedule?: Schedule;
    now?: number;
    /** the channel's flood limit was hit for this conversation */
    throttled?: boolean;
    retentionDays?: number;
    /** loads the vacancy and training listings, only when an answer needs them */
    listings?: () => Promise<Listings>;
    /** handoffs allowed per day (defaults: DEFAULT_HANDOFF_LIMITS) */
    handoffLimits?: HandoffLimits;
  },
): Promise<HandleResult> {
  const { store, content, sender } = deps;
  // NUL bytes and lone surrogates never reach the store, the router or a reply (web chat refuses them at the edge).
  inbound = { ...inbound, event: cleanEvent(inbound.event) };
  const described = describeInbound(inbound, content);
  const claim = await store.begin(inbound, described, inbound.event.type);
  // A button press is logged with the label the seeker saw on the button (the store finds it).
  const loggedText = claim.loggedText ?? described;
  if (!claim.owned) {
    if (claim.inFlight) throw new InFlightError(inbound.dedupeKey);
    return { status: "duplicate", inboundId: claim.inboundId, previous: claim.previous };
  }
  const now = deps.now ?? inbound.receivedAt;
  // Office hours and the office clock (src/env.ts's scheduleFrom); without them, the defaults of an empty configuration.
  const schedule = deps.schedule ?? parseSchedule({});
  const ctx: EngineContext = {
    ...(claim.openCase ? { openCase: claim.openCase } : {}),
    ...(claim.profile ? { profile: claim.profile } : {}),
    ...(claim.data ? { data: claim.data } : {}),
    firstContact: claim.firstContact,
    blocked: claim.blocked,
    throttled: deps.throttled ?? false,
    ...(deps.retentionDays ? { retentionDays: deps.retentionDays } : {}),
    waiting: claim.waiting,
    ...(claim.handoffs ? { handoffs: claim.handoffs } : {}),
    ...(deps.handoffLimits ? { handoffLimits: deps.handoffLimits } : {}),
    schedule,
    now,
    // Listings expire at the end of their deadline day in the office's time zone.
    today: schedule.clock.date(now),
  };
  // A "Lanjutkan di ..." code joins this chat to a web conversation; it is answered here, before any flow.
  const code = store.redeemLink && inbound.channel !== "web" ? linkCodeOf(inbound.event) : undefined;
  let result: EngineResult = code
    ? { topic: "menu", replies: [linkReply(await store.redeemLink!(code, { conversationId: inbound.conversationId, channel: inbound.channel }, now))], state: claim.state, effects: [] }
    : respond(inbound.event, claim.state, content, ctx);
  if (result.needsListings) {
    // The engine asked for the listings (vacancies, training, places): load the blob and decide again.
    const listings = deps.listings ? await deps.listings() : { vacancies: [], trainings: [], places: [] };
    // A detail view reads its listing's detail chunk: loaded on first need, then the (pure) engine decides again.
    result = await withDetails(listings, () => respond(inbound.event, claim.state, content, { ...ctx, listings }));
  }
  const deliveries = await sender.send(inbound.conversationId, result.replies, { content, purpose: "reply", now });
  if (deliveries.length > 0 && deliveries.every((d) => d.status === "failed" && d.transient)) {
    // Nothing reached the seeker and trying again may work: leave the claim to go stale so the retry answers.
    const first = deliveries[0]!;
    throw new DeliveryError(first.error ?? "delivery failed", first.retryAfterSeconds);
  }
  const outbound: OutboundRecord[] = result.replies.map((reply, i) => {
    const d: Delivery = deliveries[i] ?? { status: "failed", error: "not sent" };
    return {
      topic: reply.topic,
      text: describeReply(reply, content),
      ...(reply.body.kind === "guide" ? { ref: guideRef(reply.body, content) } : {}),
      ...(reply.body.kind === "rich" ? { ref: richRef(reply) } : {}),
      buttons: reply.buttons,
      status: d.status,
      ...(d.error ? { error: d.error } : {}),
      ...(d.externalMessageId !== undefined ? { externalMessageId: d.externalMessageId } : {}),
    };
  });
  const ids = await store.commit(inbound, claim, result.topic, outbound, result.state, result.effects);
  return {
    status: "handled",
    inboundId: claim.inboundId,
    replies: result.replies.map((reply, i) => ({ id: ids[i] ?? 0, reply })),
    // What the channels mirror into the staff group: a case shows up there once the seeker wrote to it.
    effects: staffEvents(result.effects, claim.openCase),
    applied: result.effects,
    loggedText,
    ...(claim.staffThreads && result.effects.some((e) => e.type === "erase") ? { staffThreads: claim.staffThreads } : {}),
    ...(result.effects.some((e) => e.type === "erase") ? { erased: true as const } : {}),
  };
}

/** What a rich reply showed, kept with its log row so a history shows it again: "rich:" + JSON { blocks, scamCheck? }. */
export function richRef(reply: Reply): string {
  if (reply.body.kind !== "rich") return "";
  return `rich:${JSON.stringify({ blocks: reply.body.blocks, ...(reply.scamCheck ? { scamCheck: reply.scamCheck } : {}) })}`;
}

/** The guide a reply showed: "guide:<topic>@<version>", with "#<section>" when it showed one section. */
export function guideRef(body: { topic: string; section?: string }, content: ContentBundle): string {
  return `guide:${body.topic}@${content.version}${body.section !== undefined ? `#${body.section}` : ""}`;
}

/** The text logged for an inbound message; a button press is logged as the button's label. */
export function describeInbound(inbound: Inbound, content: ContentBundle): string {
  const e = inbound.event;
  switch (e.type) {
    case "text":
      return e.text;
    case "command":
      return e.text;
    case "action":
      return actionLabel(e.action, content);
    case "media": {
      // A stored file is logged by its name ("📎 CV.pdf"), so the transcript and the widget's history read naturally.
      const head = e.file?.stored ? `📎 ${e.file.name}` : `[${e.media}]`;
      return e.caption ? `${head} ${e.caption}` : head;
    }
  }
}

/** The text logged for a reply: the text itself, or the guide's title. */
export function describeReply(reply: Reply, content: ContentBundle): string {
  if (reply.body.kind === "text") return reply.body.text;
  if (reply.body.kind === "rich") return reply.body.text;
  const t = content.topics[reply.body.topic];
  const id = reply.body.section;
  const section = id ? t?.sections?.find((x) => x.id === id) : undefined;
  return `[panduan] ${t?.title ?? reply.body.topic}${section ? ` › ${section.title}` : ""}`;
}

const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when the text has a NUL byte or half of a surrogate pair (invalid in UTF-8, cut short by C strings). */
export function hasBrokenText(value: string): boolean {
  return value.includes("\u0000") || new RegExp(LONE_SURROGATE.source).test(value);
}

/** The text with NUL bytes as spaces and lone surrogates as U+FFFD, so it can be stored and shown as UTF-8. */
export function cleanText(value: string): string {
  return hasBrokenText(value) ? value.replace(NUL, " ").replace(LONE_SURROGATE, "\uFFFD") : value;
}

/** An inbound event with every string it carries cleaned (see cleanText). */
export function cleanEvent(event: Inbound["event"]): Inbound["event"] {
  switch (event.type) {
    case "text":
      return { ...event, text: cleanText(event.text) };
    case "command":
      return { ...event, command: cleanText(event.command), payload: cleanText(event.payload), text: cleanText(event.text) };
    case "action":
      return { ...event, action: cleanText(event.action) };
    case "media": {
      const file = event.file?.stored ? { ...event.file, name: cleanText(event.file.name) } : event.file;
      return { ...event, ...(event.caption === undefined ? {} : { caption: cleanText(event.caption) }), ...(file ? { file } : {}) };
    }
  }
}
