/** Delivery reports (statuses[]) recorded on the message rows they name by wamid (messages.external_id). */
import type { Db } from "../../db/client.ts";
import type { StatusReport } from "./inbound.ts";

/** Record the reports; a report for a message BINJOL does not know (deleted, or sent elsewhere) changes nothing. */
export async function applyStatuses(_db: Db, _reports: StatusReport[]): Promise<void> {
  // Filled in once messages.external_id is on main (the contract engineer's migration).
}
