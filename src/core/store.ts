import type { LinkRedeemer } from "./link.ts";
import type { TopicId } from "./topics.ts";
import type { Button, ConversationState, DataSummary, Effect, HandoffCounts, Inbound, OpenCase, StoredProfile } from "./types.ts";

/** A reply as it was logged, enough to show it again (idempotent retries, history). */
export interface StoredReply {
  id: number;
  topic: TopicId | null;
  text: string | null;
  ref: string | null;
  buttons: Button[];
}

/** The outcome of claiming an inbound message. */
export interface Claim {
  /** this request holds the claim and must answer */
  owned: boolean;
  /** another request holds a fresh claim (not answered yet) */
  inFlight: boolean;
  /** the random token of this request's claim */
  token: string;
  /** id of the logged inbound message */
  inboundId: number;
  /** the text logged for it (a button press: the label the seeker saw on the button) */
  loggedText?: string;
  state: ConversationState;
  /** when the message was answered before: the replies logged then */
  previous: StoredReply[];
  /** the conversation's waiting or open counsellor case */
  openCase?: OpenCase;
  /** cases waiting in the queue */
  waiting: number;
  /** handoffs of this conversation, seeker and address in the last day */
  handoffs?: HandoffCounts;
  /** for /datasaya: what is stored about this seeker */
  data?: DataSummary;
  /** this message is the seeker's first contact with BINJOL */
  firstContact: boolean;
  /** a counsellor blocked this seeker */
  blocked: boolean;
  /** the seeker's profile, when they consented to one */
  profile?: StoredProfile;
  /** for a confirmed erasure: the staff-group topics of the conversation's cases */
  staffThreads?: number[];
}

/** One reply as it is logged. */
export interface OutboundRecord {
  topic: TopicId;
  text: string;
  ref?: string;
  buttons: Button[];
  /** "pending": the channel accepted it and reports its fate later (WhatsApp statuses) */
  status: "sent" | "failed" | "pending";
  error?: string;
  externalMessageId?: string;
}

/** Persistence the core needs; D1 implements each call as one atomic round trip. */
export interface ConversationStore {
  /** Claim the inbound message, log it once and read the conversation state. */
  begin(inbound: Inbound, loggedText: string, kind: string): Promise<Claim>;
  /** Log the replies, apply the effects, save the state and mark the inbound message answered; returns the replies' ids. */
  commit(
    inbound: Inbound,
    claim: Claim,
    topic: TopicId,
    outbound: OutboundRecord[],
    state: ConversationState,
    effects: Effect[],
  ): Promise<number[]>;
  /** Redeem a "Lanjutkan di ..." code (core/link.ts); stores without it treat codes as ordinary text. */
  redeemLink?: LinkRedeemer["redeemLink"];
}
