/**
 * What the live sockets carry. D1 stays the record: a push only says that something changed, and the client reads
 * the change through the existing HTTP APIs (the widget's history poll, the dashboard's pages).
 */

/** Widget → conversation room: the first message after the socket opens (the token never goes in the URL). */
export interface Hello {
  t: "hello";
  /** the web-chat session token, "<session id>.<secret>" */
  token: string;
  /** id of the last message the widget holds; replies after it are announced at once */
  last: number;
}

/** Conversation room → widget. */
export type ToSeeker =
  /** the token was accepted; `latest` is the conversation's newest message id in D1 (catch-up when > hello.last) */
  | { t: "ready"; latest: number }
  /** a message was stored for this conversation: fetch what follows the last one held */
  | { t: "new"; id?: number }
  | { t: "pong" };

/** A change the counsellors' inbox shows. */
export type CaseEventKind = "new" | "message" | "claimed" | "closed";

/** Inbox room → dashboard: one case changed. */
export interface CaseEvent {
  t: "case";
  kind: CaseEventKind;
  /** the case, when the writer knows it */
  caseId?: number;
  /** the conversation the case belongs to ("web:…", "tg:…", "wa:…") */
  conversationId?: string;
  /** who caused it: a seeker's message alerts the counsellors, a counsellor's own action only refreshes */
  by?: "seeker" | "counsellor";
}

/** Close codes the rooms use (4000-4999 are the application's own). */
export const CLOSE = {
  /** the hello was missing, malformed or late */
  badHello: 4400,
  /** the token does not belong to this conversation */
  unauthorized: 4401,
  /** too many sockets for one conversation: the oldest is closed */
  replaced: 4409,
} as const;

/** Seconds an unauthenticated socket may stay open before it must have said hello. */
export const HELLO_TIMEOUT_MS = 10_000;
