/** The D1 reads of the live rooms: a seeker's token check with the conversation's newest message id. */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { messages, webSessions } from "../db/schema.ts";

/**
 * The newest message id of the web session's conversation when `tokenHash` is the session's, else undefined
 * (one round trip: the check and the read in one batch).
 */
export async function verifiedLatest(db: Db, auth: { sessionId: string; tokenHash: string }): Promise<number | undefined> {
  const [session, latest] = await db.batch([
    db.select({ id: webSessions.id }).from(webSessions).where(and(eq(webSessions.id, auth.sessionId), eq(webSessions.tokenHash, auth.tokenHash))),
    db
      .select({ id: sql<number | null>`max(${messages.id})` })
      .from(messages)
      .where(eq(messages.conversationId, `web:${auth.sessionId}`)),
  ]);
  if (session.length === 0) return undefined;
  return latest[0]?.id ?? 0;
}
