/** Discord application settings from the environment; without the required ones the channel is off. */
import type { Env } from "../../env.ts";

/** The settings the interactions endpoint and the adapter need. */
export interface DiscordConfig {
  /** e.g. https://discord.com/api/v10, without a trailing slash */
  apiRoot: string;
  /** the application's id (Developer Portal → General Information) */
  applicationId: string;
  /** the application's Ed25519 public key, 64 hex characters */
  publicKey: string;
  /** the bot user's token (Developer Portal → Bot) */
  botToken: string;
}

/** Discord's HTTP API, version 10. */
export const DISCORD_API_ROOT = "https://discord.com/api/v10";

/** The configuration, or undefined when any required setting is missing or malformed (/discord then answers 404). */
export function discordConfig(env: Env): DiscordConfig | undefined {
  const applicationId = env.DISCORD_APPLICATION_ID?.trim();
  const publicKey = env.DISCORD_PUBLIC_KEY?.trim().toLowerCase();
  const botToken = env.DISCORD_BOT_TOKEN?.trim();
  if (!applicationId || !/^\d{1,20}$/.test(applicationId) || !publicKey || !/^[0-9a-f]{64}$/.test(publicKey) || !botToken) return undefined;
  return { apiRoot: (env.DISCORD_API_ROOT || DISCORD_API_ROOT).replace(/\/+$/, ""), applicationId, publicKey, botToken };
}
