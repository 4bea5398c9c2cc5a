/** D1 implementation of the core's ConversationStore: two atomic batches per inbound message. */
import { and, eq, sql } from "drizzle-orm";
import type { Claim, ConversationStore, OutboundRecord } from "../core/store.ts";
import type { TopicId } from "../core/topics.ts";
import type { ConversationState, Inbound } from "../core/types.ts";
import type { Db } from "./client.ts";
import { conversations, messages, processedUpdates, seekers } from "./schema.ts";

/** A claim older than this is taken over by a retry (the first request died or failed mid-way). */
export const STALE_CLAIM_MS = 20_000;

/** Build the store; `now` and `token` are injectable for tests. */
export function createConversationStore(
  db: Db,
  opts: { now?: () => number; token?: () => string } = {},
): ConversationStore {
  const now = opts.now ?? Date.now;
  const newToken = opts.token ?? (() => crypto.randomUUID());

  return {
    async begin(inbound: Inbound, loggedText: string, kind: string): Promise<Claim> {
      const at = now();
      const token = newToken();
      const seekerId = sql`(select ${seekers.id} from ${seekers} where ${seekers.channel} = ${inbound.channel} and ${seekers.externalId} = ${inbound.seekerKey})`;
      const [, , , , claimRows, convRows] = await db.batch([
        db
          .insert(processedUpdates)
          .values({ key: inbound.dedupeKey, claim: token, status: "claimed", attempts: 1, claimedAt: at })
          .onConflictDoUpdate({
            target: processedUpdates.key,
            set: { claim: token, claimedAt: at, attempts: sql`${processedUpdates.attempts} + 1` },
            setWhere: and(eq(processedUpdates.status, "claimed"), sql`${processedUpdates.claimedAt} < ${at - STALE_CLAIM_MS}`),
          }),
        db
          .insert(seekers)
          .values({ channel: inbound.channel, externalId: inbound.seekerKey, firstSeenAt: at, lastSeenAt: at })
          .onConflictDoUpdate({ target: [seekers.channel, seekers.externalId], set: { lastSeenAt: at } }),
        db
          .insert(conversations)
          .values({ id: inbound.conversationId, seekerId, channel: inbound.channel, createdAt: at, updatedAt: at })
          .onConflictDoNothing({ target: conversations.id }),
        db
          .insert(messages)
          .values({
            conversationId: inbound.conversationId,
            channel: inbound.channel,
            direction: "in",
            sender: "seeker",
            kind,
            text: loggedText,
            telegramMessageId: inbound.channel === "telegram" ? (inbound.externalMessageId ?? null) : null,
            status: "received",
            dedupeKey: inbound.dedupeKey,
            createdAt: inbound.receivedAt,
          })
          .onConflictDoNothing({ target: messages.dedupeKey }),
        db
          .select({ claim: processedUpdates.claim, status: processedUpdates.status })
          .from(processedUpdates)
          .where(eq(processedUpdates.key, inbound.dedupeKey)),
        db.select({ state: conversations.state }).from(conversations).where(eq(conversations.id, inbound.conversationId)),
      ]);
      const claimRow = claimRows[0];
      const owned = claimRow?.claim === token && claimRow.status === "claimed";
      return {
        owned,
        inFlight: !owned && claimRow?.status === "claimed",
        token,
        state: parseState(convRows[0]?.state),
      };
    },

    async commit(inbound: Inbound, claim: Claim, topic: TopicId, outbound: OutboundRecord[], state: ConversationState): Promise<void> {
      const at = now();
      const writes = [
        db
          .update(messages)
          .set({ topic })
          .where(eq(messages.dedupeKey, inbound.dedupeKey)),
        db
          .update(conversations)
          .set({ state: JSON.stringify(state), lastTopic: topic, updatedAt: at })
          .where(eq(conversations.id, inbound.conversationId)),
        db
          .update(processedUpdates)
          .set({ status: "done", doneAt: at })
          .where(and(eq(processedUpdates.key, inbound.dedupeKey), eq(processedUpdates.claim, claim.token))),
      ] as const;
      if (outbound.length === 0) {
        await db.batch(writes);
        return;
      }
      await db.batch([
        db.insert(messages).values(
          outbound.map((o, i) => ({
            conversationId: inbound.conversationId,
            channel: inbound.channel,
            direction: "out" as const,
            sender: "bot" as const,
            kind: "text",
            text: o.text,
            topic: o.topic,
            ref: o.ref ?? null,
            telegramMessageId: o.externalMessageId ?? null,
            status: o.status,
            error: o.error ?? null,
            createdAt: at + i,
          })),
        ),
        ...writes,
      ]);
    },
  };
}

function parseState(raw: string | undefined): ConversationState {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" ? (value as ConversationState) : {};
  } catch {
    return {};
  }
}
