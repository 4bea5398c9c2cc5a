/** How sends went, recorded on their message rows: the one place a Delivery becomes a row's status. */
import { eq } from "drizzle-orm";
import type { Delivery } from "../core/channel.ts";
import type { Db } from "./client.ts";
import { messages } from "./schema.ts";

/** The message columns that say how a send went: status, the reason of a failure, the channel's message id. */
export function deliveryColumns(delivery: Delivery): { status: Delivery["status"]; error: string | null; externalId: string | null } {
  return { status: delivery.status, error: delivery.error ?? null, externalId: delivery.externalMessageId ?? null };
}

/** The update that records one delivery on message `messageId`. */
export function deliveryUpdate(db: Db, messageId: number, delivery: Delivery) {
  return db.update(messages).set(deliveryColumns(delivery)).where(eq(messages.id, messageId));
}

/** Record deliveries on their message rows in one round trip. */
export async function recordDeliveries(db: Db, outcomes: Array<{ messageId: number; delivery: Delivery }>): Promise<void> {
  if (outcomes.length === 0) return;
  const [first, ...rest] = outcomes.map((o) => deliveryUpdate(db, o.messageId, o.delivery));
  await db.batch([first!, ...rest]);
}
