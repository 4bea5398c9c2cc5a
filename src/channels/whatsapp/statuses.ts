/** Delivery reports (statuses[]) recorded on the outbound message rows they name by wamid (messages.external_id). */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { stopAlertsUnreachable } from "../../alerts/run.ts";
import type { Db } from "../../db/client.ts";
import { messages, profiles } from "../../db/schema.ts";
import type { StatusReport } from "./inbound.ts";

/** Outbound WhatsApp rows, written as literals so that SQLite can use the partial index messages_whatsapp_out_idx. */
const OUTBOUND = sql`${messages.direction} = 'out' and ${messages.channel} = 'whatsapp'`;

type OutStatus = "pending" | "sent" | "delivered" | "read" | "failed";

/**
 * The states a report may move a row from. Reports arrive out of order and a failure can follow a delivery to
 * another of the seeker's devices, so a row only moves forward: sent → delivered → read; failed only before
 * delivered (a later "delivered" or "read" wins over a failure).
 */
const FROM: Record<StatusReport["status"], OutStatus[]> = {
  sent: ["pending"],
  delivered: ["pending", "sent", "failed"],
  read: ["pending", "sent", "delivered", "failed"],
  failed: ["pending", "sent"],
};

/** Record the reports in one round trip; a report for a message BINJOL does not know (deleted, or not its own) changes nothing. */
export async function applyStatuses(db: Db, reports: StatusReport[], now: number = Date.now()): Promise<void> {
  const writes: BatchItem<"sqlite">[] = [];
  for (const r of reports) {
    const row = and(eq(messages.externalId, r.wamid), OUTBOUND, inArray(messages.status, FROM[r.status]));
    writes.push(db.update(messages).set({ status: r.status, error: r.status === "failed" ? (r.error ?? "failed") : null }).where(row));
    if (r.status === "failed" && r.errorCode === 131026) {
      // Not a WhatsApp user (any more), or cannot receive: weekly alerts to this conversation stop.
      const conversation = sql`(select ${messages.conversationId} from ${messages} where ${messages.externalId} = ${r.wamid} and ${OUTBOUND} limit 1)`;
      writes.push(stopAlertsUnreachable(db, eq(profiles.alertConversationId, conversation), now));
    }
  }
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
}
