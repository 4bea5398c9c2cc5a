import type { Block } from "./body.ts";
import type { Education, Profile, SeekerEducation, WorkType } from "../listings/types.ts";
import type { ScamFlagId, ScamVerdict } from "./scam.ts";
import type { TopicId } from "./topics.ts";

/** The channels a conversation can run on. */
export type Channel = "telegram" | "web" | "whatsapp" | "discord";

/** What a seeker did, already translated from the channel's own format. */
export type InboundEvent =
  | { type: "text"; text: string }
  | { type: "command"; command: string; payload: string; text: string }
  | { type: "action"; action: string }
  | { type: "media"; media: MediaKind; caption?: string; file?: InboundFile };

/** Why a file was not stored: over 5 MB, not PDF/JPEG/PNG/DOCX by its bytes, the day's count reached, not downloadable. */
export type FileRefusal = "too-large" | "type" | "limit" | "failed";

/** A file that came with a media message: stored in R2 by the channel's edge (src/files/), or refused with a reason. */
export type InboundFile =
  | { stored: true; name: string; type: "pdf" | "jpeg" | "png" | "docx"; size: number }
  | { stored: false; reason: FileRefusal };

/** Non-text message kinds the bot answers politely but does not process. */
export type MediaKind =
  | "photo"
  | "voice"
  | "audio"
  | "video"
  | "video_note"
  | "sticker"
  | "document"
  | "location"
  | "contact"
  | "animation"
  | "other";

/** One inbound message in channel-neutral form. */
export interface Inbound {
  channel: Channel;
  /** the channel's conversation id with its channel prefix: "tg:123", "web:<uuid>", "wa:<wa_id>", "dc:<Discord user id>" */
  conversationId: string;
  /** the seeker's identity on that channel (Telegram user id, web session id) */
  seekerKey: string;
  /** unique per delivery of this message: Telegram update id, web clientMessageId, WhatsApp wamid */
  dedupeKey: string;
  /** the channel's own id of the inbound message, when it has one */
  externalMessageId?: string;
  /** epoch milliseconds */
  receivedAt: number;
  event: InboundEvent;
  /** web chat: a hash of the client's address, to limit handoffs per address (never the address itself) */
  origin?: string;
}

/** A quick-reply button: what it shows and the action it sends back. */
export interface Button {
  label: string;
  /** at most 64 bytes (Telegram callback_data) */
  action: string;
}

/**
 * What a reply shows, channel-neutral: a compiled guide (one section of it, or the whole guide), a short plain
 * text from the strings module, or a rich body built from data (vacancy lists and details, the scam check)
 * as blocks of spans, with its plain-text fallback. Each channel adapter renders it (see core/reply-blocks.ts).
 */
export type ReplyBody =
  /** `section`: a GuideSection id ("" the opening); absent: the whole guide */
  | { kind: "guide"; topic: TopicId; section?: string }
  | { kind: "text"; text: string }
  | { kind: "rich"; blocks: Block[]; text: string };

/** One reply of the bot; adapters render it for their channel. */
export interface Reply {
  topic: TopicId;
  body: ReplyBody;
  buttons: Button[];
  /** the result of a vacancy scam check, for clients that show it (web-chat API `scamCheck`) */
  scamCheck?: { verdict: ScamVerdict; flags: ScamFlagId[] };
  /** a new page of the list whose button was pressed: a channel that can edit that message shows it in its place */
  inPlace?: boolean;
  /** a file a counsellor attached (stored in R2 by src/files/): each adapter uploads it, links to it, or says how to get it */
  file?: OutgoingFile;
}

/** A stored file sent with a reply; the core never reads its bytes, adapters that upload files do. */
export interface OutgoingFile {
  /** the attachments row */
  id: number;
  name: string;
  type: "pdf" | "jpeg" | "png" | "docx";
  size: number;
  /** the bytes from storage; undefined when they are gone */
  read(): Promise<Uint8Array | undefined>;
}

/** The steps of the optional intake before a seeker waits for a counsellor. */
export type IntakeStep = "need" | "education" | "kecamatan";

/** Per-conversation state kept between messages. */
export interface ConversationState {
  /** topic of the last reply */
  lastTopic?: TopicId;
  /** the seeker is in a counsellor case: answering the intake, or waiting/talking (queued) */
  handoff?: { step: IntakeStep | "queued"; retried?: boolean };
  /** a case was closed: the next message may be its 1-5 rating */
  rating?: { caseId: number };
  /** when the seeker was last told they are sending too fast or are blocked (epoch ms) */
  quietNoticeAt?: number;
  /** the next free text answers this question (search words, the text to check, a profile answer) */
  awaiting?: Awaiting;
  /** the list the seeker is browsing: vacancies (v) or training (l), with its filters and page */
  browse?: Browse;
}

/** What the next free-text message is for. */
export type Awaiting = "vacancy-search" | "training-search" | "scam-check" | ProfileStep;

/** The questions of the profile form, in order. */
export type ProfileStep = "p-education" | "p-major" | "p-skills" | "p-place" | "p-work" | "p-disability-consent" | "p-disability" | "p-alerts";

/** A list being browsed. */
export interface Browse {
  kind: "v" | "l";
  text?: string;
  placeCode?: string;
  education?: Education;
  /** ranked for the seeker's profile instead of newest first */
  match?: boolean;
  page: number;
}

/** The profile as the store read it, with its consent record. */
export interface StoredProfile {
  profile: Profile;
  consentedAt: number;
  /** the age answer given with the consent; undefined on profiles made before the question */
  ageGroup?: AgeGroup;
  /** under 18: when a parent or guardian confirmed their consent */
  guardianConsentedAt?: number;
  disabilityConsented: boolean;
  /** weekly alerts are on (a conversation and a due date are set) */
  alertsOn: boolean;
}

/** The seeker's answer to "are you 18 or older?", asked before anything of the profile is stored. */
export type AgeGroup = "adult" | "minor";

/** One profile field change from the form. */
export type ProfilePatch = Partial<{ education: SeekerEducation; major: string; skills: string[]; placeCode: string; workType: WorkType; disability: string }>;

/** The seeker's open case as the store sees it. */
export interface OpenCase {
  id: number;
  status: "waiting" | "open";
  /** waiting cases created before this one */
  ahead: number;
  /** the seeker wrote something (text or media) to the case beyond the request and the buttons */
  engaged?: boolean;
  /** the topic the case was opened from, and the listing it is about */
  topic?: TopicId;
  listing?: { kind: "vacancy" | "training"; slug: string; title: string };
}

/** Counsellor cases opened in the last day (HANDOFF_WINDOW_MS), for the handoff limits. */
export interface HandoffCounts {
  /** by this conversation (a web session, a Telegram chat) */
  conversation: number;
  /** by this seeker in any of their conversations */
  seeker: number;
  /** from this web client's address */
  origin: number;
  /** from this address and still waiting now */
  originWaiting: number;
}

/** Changes the engine asks the store to make in the same atomic write as the replies. */
export type Effect =
  | { type: "openCase"; topic: TopicId; listing?: { kind: "vacancy" | "training"; slug: string; title: string } }
  | { type: "intake"; field: IntakeStep; value: string }
  | { type: "leaveCase" }
  | { type: "rate"; caseId: number; rating: number }
  /** the inbound message belongs to the open case */
  | { type: "toCase" }
  /** delete everything of this seeker on this channel, keeping anonymous counts */
  | { type: "erase" }
  /**
   * the seeker agreed to the profile notice: store the (empty) profile with the proof of consent and the age answer;
   * a seeker under 18 only once a parent or guardian confirmed their consent (`guardian`), recorded with its time
   */
  | { type: "profileConsent"; version: string; ageGroup: AgeGroup; guardian?: boolean }
  /** the seeker gave separate explicit consent for disability data */
  | { type: "disabilityConsent" }
  | { type: "profileUpdate"; patch: ProfilePatch }
  /** delete the profile and its consent record (withdrawal) */
  | { type: "profileDelete" }
  /** weekly alerts on (to this conversation) or off */
  | { type: "alerts"; on: boolean }
  /** log a vacancy scam check of the inbound message's text */
  | { type: "scamCheck"; verdict: ScamVerdict; flags: ScamFlagId[]; vacancySlug?: string };

/** What the store holds about a seeker, for /datasaya (their own data only). */
export interface DataSummary {
  firstSeenAt: number;
  messages: number;
  recent: Array<{ direction: "in" | "out"; text: string; createdAt: number }>;
  cases: Array<{ id: number; status: string; intake: Record<string, string>; createdAt: number }>;
  /** the seeker's profile, if they made one */
  profile?: StoredProfile;
  /** files the seeker sent or received that are still stored, newest first */
  files?: Array<{ name: string; type: string; size: number; createdAt: number }>;
}
