/** Helpers for the WhatsApp tests: Meta's fixtures with fresh ids, signed posts to the Worker, the Graph API stand-in's record. */
import { env, exports } from "cloudflare:workers";
import { signBody } from "../../../src/channels/whatsapp/signature.ts";
import batch from "../../fixtures/whatsapp/batch.json";
import buttonReply from "../../fixtures/whatsapp/button-reply.json";
import documentMessage from "../../fixtures/whatsapp/document.json";
import groupText from "../../fixtures/whatsapp/group-text.json";
import image from "../../fixtures/whatsapp/image.json";
import listReply from "../../fixtures/whatsapp/list-reply.json";
import location from "../../fixtures/whatsapp/location.json";
import statusDelivered from "../../fixtures/whatsapp/status-delivered.json";
import statusFailed from "../../fixtures/whatsapp/status-failed.json";
import statusRead from "../../fixtures/whatsapp/status-read.json";
import statusSent from "../../fixtures/whatsapp/status-sent.json";
import text from "../../fixtures/whatsapp/text.json";

const fixtures = { text, buttonReply, listReply, image, document: documentMessage, location, groupText, batch, statusSent, statusDelivered, statusRead, statusFailed };

let nextNumber = 6281_000_000_000 + Math.floor(Math.random() * 1e8) * 10;
let nextWamid = Math.floor(Math.random() * 1e9);

/** A fresh seeker number (wa_id), so tests sharing the stand-in never see each other's messages. */
export function newWaId(): string {
  return String(nextNumber++);
}

/** A fresh wamid. */
export function newWamid(): string {
  return `wamid.TEST${(nextWamid++).toString(36)}${"A".repeat(20)}=`;
}

/**
 * A fixture moved to `from` (messages, contacts and statuses' recipient), each message with a fresh wamid unless
 * `wamid` is given; `text` replaces the first message's text, `id` the first interactive reply's id, `status`
 * the first status's wamid.
 */
export function waFixture(
  name: keyof typeof fixtures,
  opts: { from?: string; wamid?: string; text?: string; id?: string; status?: string } = {},
): any {
  const body = structuredClone(fixtures[name]) as any;
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      value.messages?.forEach((m: any, i: number) => {
        if (opts.from !== undefined && i === 0) m.from = opts.from;
        m.id = i === 0 && opts.wamid ? opts.wamid : newWamid();
        if (i === 0 && opts.text !== undefined) m.text.body = opts.text;
        if (i === 0 && opts.id !== undefined) (m.interactive.button_reply ?? m.interactive.list_reply).id = opts.id;
      });
      if (opts.from !== undefined && value.contacts?.[0]) value.contacts[0].wa_id = opts.from;
      value.statuses?.forEach((s: any) => {
        if (opts.from !== undefined) s.recipient_id = opts.from;
        if (opts.status !== undefined) s.id = opts.status;
      });
    }
  }
  return body;
}

/** The first message's wamid of a fixture. */
export function wamidOf(body: any): string {
  return body.entry[0].changes[0].value.messages[0].id;
}

/** POST a body to /whatsapp signed with the app secret, unless `signature` says otherwise (null: no header). */
export async function postWebhook(body: unknown, opts: { signature?: string | null; via?: (r: Request) => Promise<Response> } = {}): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature = opts.signature === undefined ? await signBody(env.WHATSAPP_APP_SECRET!, raw) : opts.signature;
  if (signature !== null) headers["X-Hub-Signature-256"] = signature;
  const request = new Request("https://binjol.test/whatsapp", { method: "POST", headers, body: raw });
  return opts.via ? opts.via(request) : exports.default.fetch(request);
}

/** One Graph API call the stand-in recorded. */
export interface GraphCall {
  path: string;
  body: any;
  wamid?: string;
  outcome: "ok" | number;
}

/** Every call the stand-in recorded, oldest first. */
export async function graphCalls(): Promise<GraphCall[]> {
  return (await fetch(`${env.WHATSAPP_API_ROOT}/__calls`)).json();
}

/** The messages sent to one number (read receipts name no number), oldest first. */
export async function sentTo(waId: string): Promise<GraphCall[]> {
  return (await fetch(`${env.WHATSAPP_API_ROOT}/__calls?to=${waId}`)).json();
}

/** The read receipts sent for one inbound wamid. */
export async function readReceipts(wamid: string): Promise<GraphCall[]> {
  return (await graphCalls()).filter((c) => c.body.status === "read" && c.body.message_id === wamid);
}

/** Script the stand-in's next answers to sends to `waId` (e.g. `{ status: 400, code: 131047 }`). */
export async function script(waId: string, responses: Array<{ ok: true } | { status: number; code: number; message?: string; details?: string }>): Promise<void> {
  await fetch(`${env.WHATSAPP_API_ROOT}/__script`, { method: "POST", body: JSON.stringify({ to: waId, responses }) });
}

/** The text a message shows (a text body, an interactive body, a template's parameter). */
export function shownText(call: GraphCall): string {
  const b = call.body;
  if (b.type === "text") return b.text.body;
  if (b.type === "interactive") return b.interactive.body.text;
  if (b.type === "template") return b.template.components[0].parameters[0].text;
  return "";
}

/** Button and list-row ids of an interactive message. */
export function choiceIds(call: GraphCall | undefined): string[] {
  const i = call?.body.interactive;
  if (!i) return [];
  return i.type === "button" ? i.action.buttons.map((b: any) => b.reply.id) : i.action.sections.flatMap((s: any) => s.rows.map((r: any) => r.id));
}

/** Logged messages of one WhatsApp conversation, oldest first. */
export async function logged(waId: string) {
  const { results } = await env.DB.prepare("select direction, sender, kind, text, topic, status, error, external_id as externalId, dedupe_key as dedupeKey from messages where conversation_id = ? order by id")
    .bind(`wa:${waId}`)
    .all<{ direction: string; sender: string; kind: string; text: string | null; topic: string | null; status: string; error: string | null; externalId: string | null; dedupeKey: string | null }>();
  return results;
}
