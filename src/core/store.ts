import type { TopicId } from "./topics.ts";
import type { ConversationState, Inbound } from "./types.ts";

/** The outcome of claiming an inbound message. */
export interface Claim {
  /** this request holds the claim and must answer */
  owned: boolean;
  /** another request holds a fresh claim (not done yet) */
  inFlight: boolean;
  /** the random token of this request's claim */
  token: string;
  state: ConversationState;
}

/** One reply as it is logged. */
export interface OutboundRecord {
  topic: TopicId;
  text: string;
  ref?: string;
  status: "sent" | "failed";
  error?: string;
  externalMessageId?: number;
}

/** Persistence the core needs; D1 implements it in one round trip per call. */
export interface ConversationStore {
  /** Claim the inbound message, log it once and read the conversation state (one atomic round trip). */
  begin(inbound: Inbound, loggedText: string, kind: string): Promise<Claim>;
  /** Log the replies, the new state and mark the inbound message done (one atomic round trip). */
  commit(inbound: Inbound, claim: Claim, topic: TopicId, outbound: OutboundRecord[], state: ConversationState): Promise<void>;
}
