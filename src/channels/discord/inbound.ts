/**
 * Translate a Discord interaction into the core's Inbound: a slash command by its COMMANDS entry, a button press or
 * a select-menu choice as the action it carries. One conversation per Discord user ("dc:<user id>"), whether they
 * write in a server channel or in a DM: a seeker's data, case and profile follow them, never a channel.
 */
import type { Inbound } from "../../core/types.ts";
import { COMMANDS, MAX_OPTION_TEXT } from "./commands.ts";
import { ComponentType, type Interaction, InteractionType } from "./schema.ts";

/** An interaction BINJOL answers, with what the answer needs to know. */
export interface DiscordInbound {
  inbound: Inbound;
  /** the interaction came from a server channel (not a DM): personal answers must be ephemeral */
  inGuild: boolean;
  /** a public answer is allowed in a server channel (only some commands: COMMANDS' `public`) */
  mayBePublic: boolean;
  /** a button press or select choice (the answer follows the message it came from) */
  component: boolean;
}

/** The interaction as the core's Inbound, or null when BINJOL has nothing to answer (an unknown command, autocomplete). */
export function toInbound(interaction: Interaction, receivedAt: number): DiscordInbound | null {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return null;
  const inGuild = interaction.guild_id !== undefined;
  const base = {
    channel: "discord" as const,
    conversationId: `dc:${user.id}`,
    seekerKey: user.id,
    dedupeKey: `dc:${interaction.id}`,
    externalMessageId: interaction.id,
    receivedAt,
  };
  const data = interaction.data;
  if (interaction.type === InteractionType.APPLICATION_COMMAND) {
    const spec = COMMANDS.find((c) => c.name === data?.name);
    if (!spec) return null;
    const option = data?.options?.find((o) => spec.options?.some((s) => s.name === o.name));
    const value = clip(typeof option?.value === "string" ? option.value.trim() : "", MAX_OPTION_TEXT);
    const event = spec.event(value);
    // /tanya without words (Discord requires the option; a hand-made request may not have it) opens the menu.
    if (event.type === "text" && !event.text) return { inbound: { ...base, event: { type: "command", command: "menu", payload: "", text: "/menu" } }, inGuild, mayBePublic: false, component: false };
    return { inbound: { ...base, event }, inGuild, mayBePublic: spec.public === true, component: false };
  }
  if (interaction.type === InteractionType.MESSAGE_COMPONENT) {
    const action = data?.component_type === ComponentType.STRING_SELECT ? data.values?.[0] : data?.custom_id;
    if (!action) return null;
    return { inbound: { ...base, event: { type: "action", action: action.slice(0, 200) } }, inGuild, mayBePublic: false, component: true };
  }
  return null;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}
