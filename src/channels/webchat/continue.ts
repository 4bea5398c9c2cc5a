/** "Lanjutkan di WhatsApp / Telegram": the deep links that carry a one-time code to the other channel. */
import type { ContinueChannel } from "../../db/link-store.ts";
import type { Env } from "../../env.ts";

/** The deep link builders of the channels configured in this environment (a channel without settings has no button). */
export function continueLinks(env: Env): Partial<Record<ContinueChannel, (code: string) => string>> {
  const links: Partial<Record<ContinueChannel, (code: string) => string>> = {};
  const bot = env.TELEGRAM_BOT_USERNAME?.trim();
  if (bot && /^[A-Za-z0-9_]{5,32}$/.test(bot)) links.telegram = (code) => `https://t.me/${bot}?start=kode-${code}`;
  const number = env.WHATSAPP_DISPLAY_NUMBER?.replace(/[\s+-]/g, "");
  if (number && /^\d{8,15}$/.test(number)) {
    // The prefilled text the seeker sends; core/link.ts finds "kode ABCD-2345" in it.
    links.whatsapp = (code) => `https://wa.me/${number}?text=${encodeURIComponent(`Halo BINJOL, saya mau melanjutkan obrolan dari situs Disnaker (kode ${code}).`)}`;
  }
  return links;
}
