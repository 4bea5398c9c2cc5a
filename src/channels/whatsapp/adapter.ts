/**
 * The WhatsApp channel adapter's sending half (ChannelSender): renders replies, keeps to the 24-hour
 * customer-service window (free-form inside it, an approved template outside it for counsellor replies, ratings
 * and alerts), and reports one Delivery per reply, the wamid as its external id.
 */
import type { ChannelSender, Delivery, SendContext, SendPurpose } from "../../core/channel.ts";
import type { OutgoingFile, Reply } from "../../core/types.ts";
import { replyBlocks } from "../../core/reply-blocks.ts";
import type { WhatsAppConfig, WhatsAppTemplate } from "./config.ts";
import { type GraphOptions, type GraphResult, postMessages, uploadMedia } from "./graph.ts";
import { blocksText, renderReply } from "./render.ts";
import { fileAsText } from "../../core/strings-files.ts";

/** The customer-service window: free-form messages only this long after the seeker's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Meta refuses template parameters with line breaks, tabs or more than 4 spaces in a row; and keeps the body short. */
const TEMPLATE_PARAM_MAX = 900;

/** True when a free-form message may be sent now (SendContext.lastInboundAt within 24 hours). */
export function windowOpen(ctx: Pick<SendContext, "lastInboundAt" | "now">): boolean {
  return ctx.lastInboundAt !== undefined && ctx.now - ctx.lastInboundAt < WINDOW_MS;
}

/**
 * Whether to try a free-form message first. Without lastInboundAt the window is unknown: a free-form message is
 * tried (Meta refuses it with 131047 when the window is closed, and the template follows), except for weekly
 * alerts, whose runs count their subrequests and so go straight to the template.
 */
function tryFreeForm(ctx: SendContext): boolean {
  if (ctx.lastInboundAt === undefined) return ctx.purpose !== "alert";
  return windowOpen(ctx);
}

/** The template a purpose uses outside the window; undefined when it has none (the send then fails as undeliverable). */
export function templateFor(config: WhatsAppConfig, purpose: SendPurpose): WhatsAppTemplate | undefined {
  if (purpose === "counsellor") return config.templates.counsellor;
  if (purpose === "rating") return config.templates.rating;
  if (purpose === "alert") return config.templates.alert;
  return undefined;
}

/** What a send outside the window will be, in words for the dashboard ("jendela 24 jam tertutup"). */
export function closedWindowPlan(config: WhatsAppConfig, purpose: SendPurpose): { template?: string; undeliverable: boolean } {
  const template = templateFor(config, purpose);
  return template ? { template: template.name, undeliverable: false } : { undeliverable: true };
}

/** The WhatsApp sender: also marks inbound messages read. */
export interface WhatsAppSender extends ChannelSender {
  /** Show the seeker's message as read (blue ticks); failures are ignored. */
  markRead(wamid: string): Promise<void>;
}

/** Build the sender for one request or job. */
export function createWhatsAppSender(config: WhatsAppConfig, opts: GraphOptions = {}): WhatsAppSender {
  return {
    name: "whatsapp",
    async send(conversationId: string, replies: Reply[], ctx: SendContext): Promise<Delivery[]> {
      const to = conversationId.startsWith("wa:") ? conversationId.slice(3) : "";
      const deliveries: Delivery[] = [];
      let failure: Delivery | undefined;
      let open = tryFreeForm(ctx);
      for (const reply of replies) {
        if (failure || !/^\d{5,20}$/.test(to)) {
          deliveries.push(failure ?? { status: "failed", error: "not a WhatsApp conversation", transient: false });
          continue;
        }
        let result = open ? await sendFreeForm(config, to, reply, ctx, opts) : await sendTemplate(config, to, fileAsText(reply, "WhatsApp"), ctx, opts);
        if (!result.ok && result.kind === "window" && open) {
          // Meta's clock says the window closed (131047): a template if this purpose has one, else undeliverable.
          // A template carries text only: the seeker reads which file it was and how to get it.
          open = false;
          result = await sendTemplate(config, to, fileAsText(reply, "WhatsApp"), ctx, opts);
        }
        if (result.ok) {
          deliveries.push({ status: "sent", ...(result.wamid ? { externalMessageId: result.wamid } : {}) });
          continue;
        }
        failure = toDelivery(result);
        deliveries.push(failure);
      }
      return deliveries;
    },
    async markRead(wamid: string): Promise<void> {
      await postMessages(config, { status: "read", message_id: wamid }, { ...opts, attempts: 1 }).catch(() => undefined);
    },
  };
}

async function sendFreeForm(config: WhatsAppConfig, to: string, reply: Reply, ctx: SendContext, opts: GraphOptions): Promise<GraphResult> {
  let last: GraphResult = { ok: false, kind: "refused", error: "empty reply" };
  const { file, ...words } = reply;
  // A counsellor's file goes as its own message after the words (a file alone has no words to send).
  const textless = file && words.body.kind === "text" && words.body.text.trim() === "";
  if (!textless) {
    for (const message of renderReply(words, ctx.content)) {
      last = await postMessages(config, { recipient_type: "individual", to, ...message }, opts);
      if (!last.ok) return last;
    }
  }
  if (file) last = await sendFile(config, to, file, opts);
  return last;
}

/** Upload a counsellor's file and send it as a document (PDF, DOCX) or an image (JPEG, PNG). */
async function sendFile(config: WhatsAppConfig, to: string, file: OutgoingFile, opts: GraphOptions): Promise<GraphResult> {
  const bytes = await file.read();
  if (!bytes) return { ok: false, kind: "refused", error: "the file is no longer in storage" };
  const uploaded = await uploadMedia(config, { name: file.name, type: file.type, bytes }, opts);
  if (!uploaded.ok) return uploaded;
  const media = file.type === "pdf" || file.type === "docx" ? { type: "document", document: { id: uploaded.id, filename: file.name } } : { type: "image", image: { id: uploaded.id } };
  return postMessages(config, { recipient_type: "individual", to, ...media }, opts);
}

async function sendTemplate(config: WhatsAppConfig, to: string, reply: Reply, ctx: SendContext, opts: GraphOptions): Promise<GraphResult> {
  const template = templateFor(config, ctx.purpose);
  if (!template) return { ok: false, kind: "window", error: "no approved template configured for this kind of message" };
  const text = templateParameter(blocksText(replyBlocks(reply.body, ctx.content)));
  return postMessages(
    config,
    {
      recipient_type: "individual",
      to,
      type: "template",
      template: {
        name: template.name,
        language: { code: template.language },
        components: [{ type: "body", parameters: [{ type: "text", text }] }],
      },
    },
    opts,
  );
}

/** A template's {{1}}: one line, no tabs or long runs of spaces, at most TEMPLATE_PARAM_MAX characters. */
export function templateParameter(text: string): string {
  const flat = text.replace(/\s*\n+\s*/g, " · ").replace(/\t/g, " ").replace(/ {4,}/g, "   ").trim();
  return flat.length <= TEMPLATE_PARAM_MAX ? flat : `${[...flat].slice(0, TEMPLATE_PARAM_MAX - 1).join("")}…`;
}

function toDelivery(result: GraphResult & { ok: false }): Delivery {
  switch (result.kind) {
    case "window":
      return { status: "failed", error: `outside the 24-hour window: ${result.error}`, transient: false };
    case "unreachable":
      return { status: "failed", error: `not reachable on WhatsApp (${result.error})`, transient: false, unreachable: true };
    case "transient":
      return {
        status: "failed",
        error: result.error,
        transient: true,
        ...(result.retryAfterSeconds ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
        ...(result.uncertain ? { uncertain: true } : {}),
      };
    case "token":
      return { status: "failed", error: `WhatsApp access token rejected (${result.error})`, transient: false };
    case "refused":
      return { status: "failed", error: `refused by WhatsApp (${result.error})`, transient: false };
  }
}
