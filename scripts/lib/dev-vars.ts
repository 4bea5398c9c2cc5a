/** Local settings for the scripts: .dev.vars, with the TELEGRAM_*, WHATSAPP_* and DISCORD_* values overridden by the environment. */
import { existsSync, readFileSync } from "node:fs";

/** The settings the environment may override. */
export const OVERRIDABLE = [
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "TELEGRAM_API_ROOT",
  "WHATSAPP_API_ROOT",
  "WHATSAPP_API_VERSION",
  "WHATSAPP_PHONE_NUMBER_ID",
  "WHATSAPP_ACCESS_TOKEN",
  "WHATSAPP_APP_SECRET",
  "WHATSAPP_VERIFY_TOKEN",
  "WHATSAPP_DISPLAY_NUMBER",
  "DISCORD_APPLICATION_ID",
  "DISCORD_PUBLIC_KEY",
  "DISCORD_BOT_TOKEN",
  "DISCORD_API_ROOT",
] as const;

/** Read .dev.vars (when it exists) and apply environment overrides. */
export function devVars(path = ".dev.vars"): Record<string, string> {
  const vars: Record<string, string> = {};
  if (existsSync(path)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) vars[m[1]!] = m[2]!.replace(/^"(.*)"$/, "$1");
    }
  }
  for (const key of OVERRIDABLE) if (process.env[key]) vars[key] = process.env[key]!;
  return vars;
}
