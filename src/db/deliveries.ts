/** How sends went, recorded on their message rows: the one place a Delivery becomes a row's status. */
import { eq } from "drizzle-orm";
import type { Delivery } from "../core/channel.ts";
import type { Db } from "./client.ts";
import { messages } from "./schema.ts";

/** The update that records one delivery on message `messageId` (status, error, the channel's message id). */
export function deliveryUpdate(db: Db, messageId: number, delivery: Delivery) {
  return db
    .update(messages)
    .set({ status: delivery.status, error: delivery.error ?? null, externalId: delivery.externalMessageId ?? null })
    .where(eq(messages.id, messageId));
}

/** Record deliveries on their message rows in one round trip. */
export async function recordDeliveries(db: Db, outcomes: Array<{ messageId: number; delivery: Delivery }>): Promise<void> {
  if (outcomes.length === 0) return;
  const [first, ...rest] = outcomes.map((o) => deliveryUpdate(db, o.messageId, o.delivery));
  await db.batch([first!, ...rest]);
}
