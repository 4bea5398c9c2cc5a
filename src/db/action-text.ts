/**
 * A button press is logged with the label the seeker saw: the newest reply in the conversation whose buttons
 * carry the action names it. The action itself is kept apart for the system, in the row's ref ("action:<action>").
 * Rows logged before that (ref null) are shown from their action at read time (readableText).
 */
import { sql, type SQL } from "drizzle-orm";
import { ACTION_LABELS } from "../core/flows/jobs.ts";

/** The ref of a logged button press. */
export const ACTION_REF = "action:";

/** The label the newest button with this action showed in the conversation; null when no logged reply had it. */
export function shownLabel(conversationId: string, action: string): SQL<string | null> {
  return sql<string | null>`(select json_extract(b.value, '$.label') from "messages" m2, json_each(m2.buttons) b
    where m2.conversation_id = ${conversationId} and m2.direction = 'out' and m2.buttons is not null
      and json_extract(b.value, '$.action') = ${action}
    order by m2.id desc limit 1)`;
}

function quoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The old log line of a job button's action a ("[detail lowongan gvcol9]", see jobActionLabel), in SQL. */
function oldJobLine(a: string): string {
  const name = `substr(${a}, 1, instr(${a} || ':', ':') - 1)`;
  const cases = Object.entries(ACTION_LABELS)
    .map(([k, v]) => `when ${quoted(k)} then ${quoted(v)}`)
    .join(" ");
  return `('[' || (case ${name} ${cases} end) || replace(substr(${a}, instr(${a} || ':', ':')), ':', ' ') || ']')`;
}

/**
 * The text of a "messages" row as people read it: a button press logged before labels were kept (its text the
 * action, e.g. "h:edu:SMK" or "r:5", or the old "[detail lowongan gvcol9]") becomes the label of the button that
 * sent it; every other row is its text. Written by hand: the outer row must be qualified.
 */
export const readableText: SQL<string | null> = sql<string | null>`(case when "messages"."direction" = 'in' and "messages"."kind" = 'action' and "messages"."ref" is null
  then coalesce((select json_extract(b.value, '$.label') from "messages" m2, json_each(m2.buttons) b
    where m2.conversation_id = "messages"."conversation_id" and m2.id < "messages"."id" and m2.direction = 'out' and m2.buttons is not null
      and (json_extract(b.value, '$.action') = "messages"."text" or ${sql.raw(oldJobLine("json_extract(b.value, '$.action')"))} = "messages"."text")
    order by m2.id desc limit 1), "messages"."text")
  else "messages"."text" end)`;
