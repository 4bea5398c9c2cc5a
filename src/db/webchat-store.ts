/** D1 queries of the web-chat channel: sessions, the session guard, the message list. */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { UnauthorizedError } from "../core/errors.ts";
import type { Db } from "./client.ts";
import { attachments, conversations, counsellors, messages, webSessions } from "./schema.ts";
import { readableText } from "./action-text.ts";
import { GUARD_FAILED, type Guard } from "./conversation-store.ts";

/** A logged message as the web-chat API lists it. */
export interface WebMessageRow {
  id: number;
  direction: "in" | "out";
  sender: "seeker" | "bot" | "counsellor";
  text: string | null;
  topic: string | null;
  ref: string | null;
  buttons: string | null;
  createdAt: number;
  /** the display name of the counsellor who wrote it (sender = counsellor) */
  counsellor?: string | null;
  /** the file the seeker sent with it: JSON {"name","type","size"} */
  file?: string | null;
}

/** Store a new session (one round trip). */
export async function insertSession(db: Db, s: { sessionId: string; tokenHash: string; at: number }): Promise<void> {
  await db.insert(webSessions).values({ id: s.sessionId, tokenHash: s.tokenHash, createdAt: s.at });
}

/**
 * A guard for the claiming batch: raises (json() of a non-JSON string) unless the session and token
 * hash match, so a wrong token rolls the whole batch back and writes nothing.
 */
export function sessionGuard(db: Db, auth: { sessionId: string; tokenHash: string }): Guard {
  return () =>
    db.select({ ok: sql<string>`json(case when exists (select 1 from ${webSessions} where ${webSessions.id} = ${auth.sessionId} and ${webSessions.tokenHash} = ${auth.tokenHash}) then '1' else ${GUARD_FAILED} end)` }).from(sql`(select 1)`);
}

/** The session's messages after `after`, oldest first, at most `limit` (one round trip, auth included). */
export async function listMessages(
  db: Db,
  auth: { sessionId: string; tokenHash: string },
  after: number,
  limit: number,
): Promise<WebMessageRow[]> {
  const [session, rows] = await db.batch([
    db.select({ id: webSessions.id }).from(webSessions).where(and(eq(webSessions.id, auth.sessionId), eq(webSessions.tokenHash, auth.tokenHash))),
    db
      .select({
        id: messages.id,
        direction: messages.direction,
        sender: messages.sender,
        text: readableText,
        topic: messages.topic,
        ref: messages.ref,
        buttons: messages.buttons,
        createdAt: messages.createdAt,
        counsellor: counsellors.name,
        file: sql<string | null>`(select json_object('name', ${attachments.name}, 'type', ${attachments.type}, 'size', ${attachments.size}) from ${attachments} where ${attachments.messageId} = ${messages.id} and ${messages.direction} = 'in' limit 1)`,
      })
      .from(messages)
      .leftJoin(counsellors, eq(counsellors.id, messages.counsellorId))
      .where(
        and(
          eq(messages.conversationId, `web:${auth.sessionId}`),
          gt(messages.id, after),
          sql`exists (select 1 from ${webSessions} where ${webSessions.id} = ${auth.sessionId} and ${webSessions.tokenHash} = ${auth.tokenHash})`,
        ),
      )
      .orderBy(asc(messages.id))
      .limit(limit),
  ]);
  if (session.length === 0) throw new UnauthorizedError();
  return rows;
}

/** Whether the token is the session's ("unauthorized" if not) and its conversation has started (the widget's first message). */
export async function sessionConversation(db: Db, auth: { sessionId: string; tokenHash: string }): Promise<"ok" | "unauthorized" | "not-started"> {
  const rows = await db
    .select({ conversation: conversations.id })
    .from(webSessions)
    .leftJoin(conversations, eq(conversations.id, sql`'web:' || ${webSessions.id}`))
    .where(and(eq(webSessions.id, auth.sessionId), eq(webSessions.tokenHash, auth.tokenHash)))
    .limit(1);
  if (!rows[0]) return "unauthorized";
  return rows[0].conversation ? "ok" : "not-started";
}
