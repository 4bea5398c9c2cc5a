/** Read what the Worker logged in D1. */
import { env } from "cloudflare:workers";

/** Logged messages of one conversation, oldest first. */
export async function loggedMessages(conversationId: string) {
  const { results } = await env.DB.prepare(
    "select direction, sender, kind, text, topic, ref, status, error, external_id as externalId, dedupe_key as dedupeKey from messages where conversation_id = ? order by id",
  )
    .bind(conversationId)
    .all<{ direction: string; sender: string; kind: string; text: string; topic: string | null; ref: string | null; status: string; error: string | null; externalId: string | null; dedupeKey: string | null }>();
  return results;
}

/** Count rows of a table. */
export async function countRows(table: "messages" | "seekers" | "conversations"): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>();
  return row?.n ?? 0;
}
