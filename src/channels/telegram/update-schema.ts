/**
 * The fields of a Telegram Update that the bot reads, as a valibot schema: a wrong type is refused at the edge with
 * 400 and a reason, so bad input never reaches the core. Every other field passes through untouched (loose objects).
 */
import type { Update } from "grammy/types";
import * as v from "valibot";
import { vJson } from "../../http/validate.ts";

const wrong = (path: string) => `${path} has the wrong type`;
/** A missing key is named ("message.chat is missing"); anything else is the wrong type. */
const object = <E extends v.ObjectEntries>(path: string, entries: E) =>
  v.looseObject(entries, (issue) => (issue.kind === "schema" && issue.expected?.startsWith('"') ? `${path}.${issue.expected.slice(1, -1)} is missing` : wrong(path)));
const id = (path: string) => v.number(wrong(path));

const position = (path: string) => v.pipe(v.number(wrong(path)), v.safeInteger(wrong(path)), v.minValue(0, wrong(path)));

/**
 * Formatting entities as Telegram sends them. grammY's filters (`command`, `::bot_command`) read every entity's type,
 * offset and length and the text they index without checking them: a null entity or entities without their text
 * threw a TypeError inside grammY (test/fuzz/telegram.fuzz.test.ts, seed 20261123, case 37), so both are refused here.
 */
const entities = (path: string) =>
  v.optional(
    v.array(
      object(`${path}[]`, { type: v.string(wrong(`${path}[].type`)), offset: position(`${path}[].offset`), length: position(`${path}[].length`) }),
      wrong(path),
    ),
  );

const message = v.pipe(
  object("message", {
    message_id: id("message.message_id"),
    chat: object("message.chat", { id: id("message.chat.id") }),
    from: v.optional(object("message.from", { id: id("message.from.id") })),
    text: v.optional(v.string(wrong("message.text"))),
    caption: v.optional(v.string(wrong("message.caption"))),
    entities: entities("message.entities"),
    caption_entities: entities("message.caption_entities"),
  }),
  // Telegram sends entities only with the text they format (caption_entities with a caption).
  v.check((m) => m.entities === undefined || m.text !== undefined, "message.entities without message.text"),
  v.check((m) => m.caption_entities === undefined || m.caption !== undefined, "message.caption_entities without message.caption"),
);

const callbackQuery = object("callback_query", {
  id: v.string(wrong("callback_query.id")),
  from: object("callback_query.from", { id: id("callback_query.from.id") }),
  data: v.optional(v.string(wrong("callback_query.data"))),
  message: v.optional(object("callback_query.message", { chat: object("callback_query.message.chat", {}) })),
});

const updateId = "update_id must be a non-negative integer";

/** A Telegram Update as far as the bot reads it. */
export const updateSchema = v.pipe(
  v.looseObject(
    {
      update_id: v.pipe(v.number(updateId), v.safeInteger(updateId), v.minValue(0, updateId)),
      message: v.optional(message),
      callback_query: v.optional(callbackQuery),
    },
    updateId,
  ),
  v.transform((u) => u as unknown as Update),
);

/** The webhook's body: a JSON object that is a Telegram Update (`c.req.valid("json")`). */
export const telegramUpdate = vJson(updateSchema, { notAnObject: "the body must be a JSON object (a Telegram update)" });
