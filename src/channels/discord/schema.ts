/**
 * A Discord interaction (the body of a signed POST to the interactions endpoint), as far as BINJOL reads it.
 * Unknown fields pass through untouched (Discord adds fields without notice); the fields read must have the right type.
 */
import * as v from "valibot";

const snowflake = v.pipe(v.string(), v.regex(/^\d{1,20}$/, "must be a Discord id (snowflake)"));

/** Interaction types (Discord: "Interaction Type"). */
export const InteractionType = { PING: 1, APPLICATION_COMMAND: 2, MESSAGE_COMPONENT: 3, AUTOCOMPLETE: 4, MODAL_SUBMIT: 5 } as const;

/** Component types read back from a press (Discord: "Component Types"). */
export const ComponentType = { ACTION_ROW: 1, BUTTON: 2, STRING_SELECT: 3 } as const;

const User = v.looseObject({ id: snowflake, username: v.optional(v.string()) });

/** One option of a slash command (type 3 STRING for BINJOL's options; sub-commands nest their own). */
const CommandOption = v.looseObject({
  name: v.pipe(v.string(), v.maxLength(32)),
  type: v.number(),
  value: v.optional(v.union([v.string(), v.number(), v.boolean()])),
});

/** `data` of an APPLICATION_COMMAND or MESSAGE_COMPONENT interaction (the two share one loose shape). */
const InteractionData = v.looseObject({
  /** command */
  name: v.optional(v.pipe(v.string(), v.maxLength(32))),
  options: v.optional(v.array(CommandOption)),
  /** component */
  custom_id: v.optional(v.pipe(v.string(), v.maxLength(100))),
  component_type: v.optional(v.number()),
  /** a select menu's chosen option values */
  values: v.optional(v.array(v.pipe(v.string(), v.maxLength(100)))),
});

/** The whole POST body. */
export const Interaction = v.looseObject({
  id: snowflake,
  application_id: snowflake,
  type: v.number(),
  /** the interaction token for the response webhook (valid 15 minutes) */
  token: v.optional(v.pipe(v.string(), v.maxLength(1000))),
  version: v.optional(v.number()),
  data: v.optional(InteractionData),
  /** set in a server (guild) channel */
  guild_id: v.optional(snowflake),
  channel_id: v.optional(snowflake),
  /** in a guild: the member who acted, with their user */
  member: v.optional(v.looseObject({ user: v.optional(User) })),
  /** in a DM: the user who acted */
  user: v.optional(User),
  /** a component: the message it belongs to */
  message: v.optional(v.looseObject({ id: snowflake, flags: v.optional(v.number()) })),
  /** 0 guild, 1 the bot's DM, 2 a private channel */
  context: v.optional(v.number()),
});

export type Interaction = v.InferOutput<typeof Interaction>;
