/** The web-chat API's inputs as valibot schemas (PRODUCT.md "Web-chat API"); api.ts validates them with hono's validator. */
import * as v from "valibot";
import { hasBrokenText } from "../../core/conversation.ts";
import type { InboundEvent } from "../../core/types.ts";

/** Longest visitor text. */
export const MAX_TEXT = 2000;
/** Longest button action, in UTF-8 bytes (Telegram's callback_data limit). */
export const MAX_ACTION_BYTES = 64;

const unbroken = (field: string) =>
  v.check<string, string>((s) => !hasBrokenText(s), `'${field}' contains a NUL byte or a lone surrogate (not valid Unicode text)`);

const text = v.pipe(
  v.string("'text' must be a string"),
  unbroken("text"),
  v.trim(),
  v.nonEmpty("'text' is empty"),
  v.check((s) => [...s].length <= MAX_TEXT, `'text' is longer than ${MAX_TEXT} characters`),
);

const actionMessage = `'action' must be a button action of 1-${MAX_ACTION_BYTES} bytes`;
const action = v.pipe(
  v.string(actionMessage),
  v.nonEmpty(actionMessage),
  v.check((s) => new TextEncoder().encode(s).length <= MAX_ACTION_BYTES, actionMessage),
  unbroken("action"),
);

const clientMessageId = v.pipe(
  v.string("'clientMessageId' must be 1-64 characters of A-Z a-z 0-9 _ -"),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, "'clientMessageId' must be 1-64 characters of A-Z a-z 0-9 _ -"),
);

/** POST /messages: exactly one of text or action, an optional clientMessageId, nothing else; out comes the core's event. */
export const messageBody = v.pipe(
  v.strictObject(
    { text: v.optional(text), action: v.optional(action), clientMessageId: v.optional(clientMessageId) },
    (issue) => (issue.expected === "never" ? `unknown field '${String(issue.input).slice(0, 40)}'` : "the body must be a JSON object"),
  ),
  v.check((b) => (b.text === undefined) !== (b.action === undefined), "send either 'text' or 'action'"),
  v.transform((b): { event: InboundEvent; clientMessageId?: string } => ({
    event: b.text !== undefined ? textEvent(b.text) : { type: "action", action: b.action! },
    ...(b.clientMessageId ? { clientMessageId: b.clientMessageId } : {}),
  })),
);

/** Commands typed in the widget work as on Telegram ("/datasaya", "/hapusdata", "/konselor", "/batal"). */
function textEvent(trimmed: string): InboundEvent {
  const command = /^\/([a-z0-9_]{1,32})(?:\s+(.*))?$/is.exec(trimmed);
  if (!command) return { type: "text", text: trimmed };
  return { type: "command", command: command[1]!.toLowerCase(), payload: (command[2] ?? "").slice(0, 64), text: trimmed };
}

/** GET /messages?after=<id>: messages after that id (default 0, all). */
export const historyQuery = v.object({
  after: v.optional(
    v.pipe(v.string("'after' must be a message id (a whole number)"), v.regex(/^\d{1,16}$/, "'after' must be a message id (a whole number)"), v.transform(Number), v.safeInteger("'after' must be a message id (a whole number)")),
    "0",
  ),
});

/** POST /continue: the channel to continue on. */
export const continueBody = v.strictObject(
  { channel: v.picklist(["telegram", "whatsapp"], "'channel' must be \"telegram\" or \"whatsapp\"") },
  (issue) => (issue.expected === "never" ? `unknown field '${String(issue.input).slice(0, 40)}'` : "the body must be a JSON object"),
);

/** POST /files?name=<file name>[&clientMessageId=<id>]: the file's bytes are the body; its type is read from them. */
export const fileQuery = v.object({
  name: v.pipe(
    v.string("'name' must be the file's name"),
    unbroken("name"),
    v.trim(),
    v.nonEmpty("'name' is empty: give the file's name"),
    v.check((s) => [...s].length <= 200, "'name' is longer than 200 characters"),
  ),
  clientMessageId: v.optional(clientMessageId),
});
