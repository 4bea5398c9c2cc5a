/**
 * "Lanjutkan di WhatsApp / Telegram": a web seeker takes a one-time code to another channel, and the chat that
 * sends it is joined to the web conversation (counsellor replies and alerts go there). The code arrives as a
 * Telegram deep link's `/start kode-ABCD-2345` or in a WhatsApp text "... kode ABCD-2345 ..."; both reach
 * `linkCodeOf` and the store's `redeemLink` here, whatever the channel.
 */
import type { ChannelName } from "./channel.ts";
import type { InboundEvent, Reply } from "./types.ts";
import { menuButton } from "./buttons.ts";

/** How long a code works. */
export const LINK_CODE_TTL_MS = 30 * 60_000;
/** The code's alphabet: no 0/O, 1/I/L, so it can be read aloud and typed from a screen. */
export const LINK_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

const CODE = `([${LINK_CODE_ALPHABET}]{4})-?([${LINK_CODE_ALPHABET}]{4})`;
const START_PAYLOAD = new RegExp(`^kode[-_]?${CODE}$`, "i");
const IN_TEXT = new RegExp(`\\bkode\\s*:?\\s*${CODE}\\b`, "i");

/** A fresh random code, "ABCD-2345" (8 symbols of 31: about 40 bits). */
export function newLinkCode(): string {
  const n = LINK_CODE_ALPHABET.length;
  const chars: string[] = [];
  while (chars.length < 8) {
    // Bytes from 248 up are dropped, so every symbol is equally likely.
    for (const b of crypto.getRandomValues(new Uint8Array(16))) if (b < 256 - (256 % n) && chars.length < 8) chars.push(LINK_CODE_ALPHABET[b % n]!);
  }
  return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

/** The code a message carries ("ABCD2345", upper case, no dash), or undefined. */
export function linkCodeOf(event: InboundEvent): string | undefined {
  const m =
    event.type === "command" && event.command === "start"
      ? START_PAYLOAD.exec(event.payload.trim())
      : event.type === "text"
        ? IN_TEXT.exec(event.text)
        : null;
  return m ? `${m[1]}${m[2]}`.toUpperCase() : undefined;
}

/** What redeeming a code did. */
export type LinkOutcome = "linked" | "expired" | "used" | "unknown";

/** Where a code is redeemed (db/link-store.ts). */
export interface LinkRedeemer {
  /** Join `target` to the code's web conversation, once and before it expires. */
  redeemLink(code: string, target: { conversationId: string; channel: ChannelName }, now: number): Promise<LinkOutcome>;
}

const answers: Record<LinkOutcome, string> = {
  linked:
    "Terhubung! Percakapanmu dari situs Disnaker sekarang berlanjut di sini. Balasan konselor dan info lowongan mingguan (kalau kamu berlangganan) akan dikirim ke chat ini.",
  expired: "Maaf, kode ini sudah kedaluwarsa (berlaku 30 menit). Buka lagi obrolan di situs Disnaker lalu ketuk tombol \"Lanjutkan\" untuk kode baru.",
  used: "Kode ini sudah pernah dipakai. Kalau kamu ingin menyambungkan obrolan lagi, minta kode baru lewat tombol \"Lanjutkan\" di situs Disnaker.",
  unknown: "Maaf, kode ini tidak dikenal. Periksa lagi kodenya, atau minta kode baru lewat tombol \"Lanjutkan\" di obrolan situs Disnaker.",
};

/** The polite answer to a redeemed (or refused) code. */
export function linkReply(outcome: LinkOutcome): Reply {
  return { topic: "menu", body: { kind: "text", text: answers[outcome] }, buttons: [menuButton()] };
}
