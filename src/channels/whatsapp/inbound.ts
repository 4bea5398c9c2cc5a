/**
 * Translate a WhatsApp webhook body into the core's Inbound messages and the delivery reports it carries.
 * Words work as commands ("menu", "hapus data", "/menu"), since WhatsApp has no command entities.
 */
import type { Inbound, InboundEvent, MediaKind } from "../../core/types.ts";
import type { WebhookBody, WebhookMessage, WebhookStatus } from "./schema.ts";

/** Longest inbound text kept (WhatsApp itself allows 4,096 characters). */
const MAX_TEXT = 4096;

/** What one webhook body holds for BINJOL. */
export interface ParsedWebhook {
  /** messages to answer, in the order Meta listed them; a photo or document names its media to download */
  inbound: Array<Inbound & { wamid: string; media?: WhatsAppMedia }>;
  /** delivery reports of messages the business sent */
  statuses: StatusReport[];
}

/** A photo or document a seeker sent: its media id (downloaded through the Graph API) and a file name to show. */
export interface WhatsAppMedia {
  id: string;
  name: string;
}

/** One delivery report (statuses[]). */
export interface StatusReport {
  /** wamid of the message the business sent */
  wamid: string;
  status: "sent" | "delivered" | "read" | "failed";
  /** epoch ms */
  at: number;
  /** failed: Meta's error code and plain words */
  errorCode?: number;
  error?: string;
}

/**
 * Read the body: only changes of the "messages" field for the configured business number count (another number
 * of the same app, business echoes and account events are not answered); group messages are skipped.
 */
export function parseWebhook(body: WebhookBody, phoneNumberId: string, receivedAt: number): ParsedWebhook {
  const inbound: ParsedWebhook["inbound"] = [];
  const statuses: StatusReport[] = [];
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const value = change.value;
      if (value.metadata?.phone_number_id !== phoneNumberId) continue;
      const business = value.metadata.display_phone_number?.replace(/\D/g, "");
      for (const message of value.messages ?? []) {
        // A group message, or the business's own number (an echo), is nobody's question to BINJOL.
        if (message.group_id !== undefined || (business && message.from === business)) continue;
        const event = toEvent(message);
        if (!event) continue;
        const media = mediaOf(message);
        inbound.push({
          channel: "whatsapp",
          conversationId: `wa:${message.from}`,
          seekerKey: message.from,
          dedupeKey: `wa:${message.id}`,
          receivedAt,
          event,
          wamid: message.id,
          ...(media ? { media } : {}),
        });
      }
      for (const status of value.statuses ?? []) {
        const report = toStatus(status);
        if (report) statuses.push(report);
      }
    }
  }
  return { inbound, statuses };
}

/** The photo or document worth keeping (CVs, job posters); other media (voice, video, stickers) are not stored. */
function mediaOf(message: WebhookMessage): WhatsAppMedia | undefined {
  if (message.type === "document" && message.document?.id) {
    return { id: message.document.id, name: message.document.filename?.trim() || `berkas-${message.document.id}` };
  }
  if (message.type === "image" && message.image?.id) return { id: message.image.id, name: `foto-${message.image.id}.jpg` };
  return undefined;
}

const MEDIA: Record<string, MediaKind> = {
  image: "photo",
  audio: "audio",
  voice: "voice",
  video: "video",
  document: "document",
  sticker: "sticker",
  location: "location",
  contacts: "contact",
};

/** Message kinds that carry nothing to answer: a reaction to an earlier message, a system notice. */
const SILENT = new Set(["reaction", "system", "ephemeral", "request_welcome"]);

function toEvent(message: WebhookMessage): InboundEvent | null {
  switch (message.type) {
    case "text": {
      const text = message.text?.body.trim() ?? "";
      return text ? wordCommand(clip(text, MAX_TEXT)) : null;
    }
    case "interactive": {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply ? { type: "action", action: reply.id.slice(0, 200) } : null;
    }
    case "button": {
      // A quick-reply button of a template (an alert or a counsellor reply sent outside the window).
      const payload = message.button?.payload ?? message.button?.text ?? "";
      return payload ? { type: "action", action: payload.slice(0, 200) } : null;
    }
  }
  if (SILENT.has(message.type)) return null;
  const media = MEDIA[message.type] ?? "other";
  const caption = (message.image?.caption ?? message.video?.caption ?? message.document?.caption)?.trim();
  return { type: "media", media, ...(caption ? { caption: clip(caption, 1024) } : {}) };
}

/** Plain words that work as commands on WhatsApp, after lowercasing and dropping trailing punctuation. */
const WORD_COMMANDS: Record<string, { command: string } | { action: string }> = {
  menu: { command: "menu" },
  mulai: { command: "start" },
  konselor: { command: "konselor" },
  "hapus data": { command: "hapusdata" },
  hapusdata: { command: "hapusdata" },
  "data saya": { command: "datasaya" },
  datasaya: { command: "datasaya" },
  privasi: { command: "privasi" },
  batal: { command: "batal" },
  // WhatsApp's opt-out word: the weekly alerts stop (the profile flow's "alerts off").
  berhenti: { action: "al:off" },
};

/** "menu", "Hapus data!" or "/menu bantuan" as the command it names; any other text stays text. */
export function wordCommand(text: string): InboundEvent {
  if (text.startsWith("/")) {
    const [first = "", ...rest] = text.slice(1).split(/\s+/);
    const name = first.toLowerCase();
    if (/^[a-z0-9_]{1,32}$/.test(name)) return { type: "command", command: name, payload: clip(rest.join(" "), 64), text };
  }
  const key = text.toLowerCase().replace(/[.!?,\s]+$/u, "").replace(/\s+/g, " ");
  const known = WORD_COMMANDS[key];
  if (!known) return { type: "text", text };
  return "action" in known ? { type: "action", action: known.action } : { type: "command", command: known.command, payload: "", text };
}

const STATUS = new Set(["sent", "delivered", "read", "failed"]);

function toStatus(status: WebhookStatus): StatusReport | null {
  if (!STATUS.has(status.status)) return null;
  const first = status.errors?.[0];
  const words = first ? (first.error_data?.details ?? first.message ?? first.title) : undefined;
  return {
    wamid: status.id,
    status: status.status as StatusReport["status"],
    at: Number(status.timestamp) * 1000,
    ...(first ? { errorCode: first.code, error: clip(`${first.code}: ${words ?? "failed"}`, 300) } : {}),
  };
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}
