/** "Lanjutkan di WhatsApp / Telegram" codes in D1 (schema.ts `linkCodes`): create, redeem once, and where a web conversation is reached. */
import { and, desc, eq, gt, isNotNull, isNull, lt } from "drizzle-orm";
import { LINK_CODE_TTL_MS, newLinkCode, type LinkOutcome } from "../core/link.ts";
import type { ChannelName } from "../core/channel.ts";
import type { Db } from "./client.ts";
import { linkCodes, profiles } from "./schema.ts";

/** The channels a web seeker can continue on. */
export type ContinueChannel = "telegram" | "whatsapp";

/** The hex SHA-256 a code is stored as ("abcd-2345" and "ABCD2345" are one code). */
export async function linkCodeHash(code: string): Promise<string> {
  const normal = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`binjol-link:${normal}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new code for the web conversation, valid for LINK_CODE_TTL_MS; expired unused codes of it are dropped. */
export async function createLinkCode(db: Db, input: { conversationId: string; channel: ContinueChannel; now: number }): Promise<{ code: string; expiresAt: number }> {
  const code = newLinkCode();
  const expiresAt = input.now + LINK_CODE_TTL_MS;
  await db.batch([
    db.delete(linkCodes).where(and(eq(linkCodes.conversationId, input.conversationId), isNull(linkCodes.usedAt), lt(linkCodes.expiresAt, input.now))),
    db.insert(linkCodes).values({ codeHash: await linkCodeHash(code), conversationId: input.conversationId, channel: input.channel, createdAt: input.now, expiresAt }),
  ]);
  return { code, expiresAt };
}

/**
 * Redeem a code for the chat `target`: once, before it expires, on the channel it was made for. In the same
 * transaction, weekly alerts that went to the web conversation move to the chat.
 */
export async function redeemLinkCode(db: Db, code: string, target: { conversationId: string; channel: ChannelName }, now: number): Promise<LinkOutcome> {
  const hash = await linkCodeHash(code);
  const [redeemed] = await db.batch([
    db
      .update(linkCodes)
      .set({ usedAt: now, linkedConversationId: target.conversationId })
      .where(and(eq(linkCodes.codeHash, hash), isNull(linkCodes.usedAt), gt(linkCodes.expiresAt, now), eq(linkCodes.channel, target.channel as ContinueChannel)))
      .returning({ conversationId: linkCodes.conversationId }),
    db
      .update(profiles)
      .set({ alertConversationId: target.conversationId, updatedAt: now })
      .where(
        eq(
          profiles.alertConversationId,
          db.select({ id: linkCodes.conversationId }).from(linkCodes).where(and(eq(linkCodes.codeHash, hash), eq(linkCodes.usedAt, now), eq(linkCodes.linkedConversationId, target.conversationId))),
        ),
      ),
  ]);
  if (redeemed.length > 0) return "linked";
  const row = (await db.select().from(linkCodes).where(eq(linkCodes.codeHash, hash)).limit(1))[0];
  if (!row || row.channel !== target.channel) return "unknown";
  return row.usedAt !== null ? "used" : "expired";
}

/**
 * The conversation a message to `conversationId` should reach: the chat a web conversation was last joined to
 * by a code, else the conversation itself.
 */
export async function reachableConversation(db: Db, conversationId: string): Promise<string> {
  if (!conversationId.startsWith("web:")) return conversationId;
  const row = (
    await db
      .select({ to: linkCodes.linkedConversationId })
      .from(linkCodes)
      .where(and(eq(linkCodes.conversationId, conversationId), isNotNull(linkCodes.usedAt)))
      .orderBy(desc(linkCodes.usedAt))
      .limit(1)
  )[0];
  return row?.to ?? conversationId;
}

/** Drop codes that expired unused before `before` (retention). */
export function purgeLinkCodes(db: Db, before: number) {
  return db.delete(linkCodes).where(and(isNull(linkCodes.usedAt), lt(linkCodes.expiresAt, before)));
}
