/**
 * Who may do what to a case: one rule for every surface (the dashboard, the Telegram staff group).
 *
 * - A case nobody has taken yet (waiting) is anyone's: replying to it, closing it or handing it over claims
 *   or assigns it; labels and notes are open to every counsellor too.
 * - A case somebody has taken belongs to that counsellor: only they and admins reply to it, close it, hand it
 *   over, block its seeker, change its labels or add notes.
 * - Replying, closing and handing over need an active case (waiting or open).
 * - Blocking silences the bot for the seeker everywhere, so it is judged on the seeker's current case when
 *   there is one: an old case of your own does not let you block a seeker another counsellor is helping.
 */
import { and, desc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { cases, counsellors } from "../db/schema.ts";

/** Everything a counsellor can do to a case. */
export type CaseAction = "reply" | "close" | "assign" | "block" | "label" | "note";

/** Why an action is refused: the case is another counsellor's, or it is no longer active. */
export type CaseRefusal = "not-yours" | "not-active";

/** The counsellor acting. */
export interface Actor {
  id: number;
  isAdmin: boolean;
}

/** What the rule needs to know about a case. */
export interface CaseAccess {
  status: string;
  assignedTo: number | null;
}

const NEEDS_ACTIVE: ReadonlySet<CaseAction> = new Set<CaseAction>(["reply", "close", "assign"]);

/** The one rule: undefined when `actor` may do `action` to the case, otherwise why not. */
export function caseRefusal(actor: Actor, access: CaseAccess, action: CaseAction): CaseRefusal | undefined {
  if (NEEDS_ACTIVE.has(action) && access.status !== "waiting" && access.status !== "open") return "not-active";
  if (actor.isAdmin || access.assignedTo === null || access.assignedTo === actor.id) return undefined;
  return "not-yours";
}

/**
 * The same rule as a condition on the cases row, for the write that acts on the decision: a case another
 * counsellor claimed, or someone closed, between reading it and writing is not changed.
 */
export function stillAllowed(actor: Actor, action: CaseAction): SQL | undefined {
  const active = NEEDS_ACTIVE.has(action) ? inArray(cases.status, ["waiting", "open"]) : undefined;
  const owner = actor.isAdmin ? undefined : or(isNull(cases.assignedTo), eq(cases.assignedTo, actor.id));
  return and(active, owner);
}

/** True when `actor` may do `action` (for showing or hiding a form). */
export function mayDo(actor: Actor, access: CaseAccess, action: CaseAction): boolean {
  return caseRefusal(actor, access, action) === undefined;
}

/**
 * The case an action is judged on: the case itself, or for a block the seeker's active case on the same
 * conversation when there is one. Undefined when the case does not exist.
 */
export async function accessFor(db: Db, caseId: number, action: CaseAction): Promise<(CaseAccess & { id: number }) | undefined> {
  const [row] = await db
    .select({ id: cases.id, status: cases.status, assignedTo: cases.assignedTo, conversationId: cases.conversationId })
    .from(cases)
    .where(eq(cases.id, caseId))
    .limit(1);
  if (!row || action !== "block" || row.status === "waiting" || row.status === "open") return row;
  const [current] = await db
    .select({ id: cases.id, status: cases.status, assignedTo: cases.assignedTo })
    .from(cases)
    .where(and(eq(cases.conversationId, row.conversationId), inArray(cases.status, ["waiting", "open"])))
    .orderBy(desc(cases.id))
    .limit(1);
  return current ?? row;
}

/** The assignee's name, to say whose case it is in a refusal. */
export async function assigneeName(db: Db, counsellorId: number | null): Promise<string | undefined> {
  if (counsellorId === null) return undefined;
  const [row] = await db.select({ name: counsellors.name }).from(counsellors).where(eq(counsellors.id, counsellorId)).limit(1);
  return row?.name;
}
