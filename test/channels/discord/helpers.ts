/** Helpers for the Discord tests: real-shaped interactions with fresh ids, signed posts to the Worker, the API stand-in's record. */
import { env } from "cloudflare:workers";
import { appWith } from "../../helpers/app.ts";
import button from "../../fixtures/discord/button.json";
import commandDm from "../../fixtures/discord/command-dm.json";
import commandGuild from "../../fixtures/discord/command-guild.json";
import ping from "../../fixtures/discord/ping.json";
import select from "../../fixtures/discord/select.json";

const fixtures = { ping, commandGuild, commandDm, button, select };

let next = 1_400_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e12)) * 1000n;
/** A fresh snowflake (user and interaction ids), so tests sharing the stand-in never see each other's calls. */
export function newSnowflake(): string {
  next += 1n;
  return next.toString();
}

/**
 * A fixture with a fresh interaction id and token, moved to `user`; `command` and `value` replace the slash
 * command's name and first option (value "" drops the options); `action` replaces a button's custom_id or the
 * select's chosen value; `guild` false turns a guild interaction into a DM one.
 */
export function dcFixture(
  name: keyof typeof fixtures,
  opts: { user?: string; id?: string; command?: string; value?: string; optionName?: string; action?: string; guild?: boolean } = {},
): any {
  const body = structuredClone(fixtures[name]) as any;
  body.id = opts.id ?? newSnowflake();
  body.token = `aW50ZXJhY3Rpb246${body.id}${Math.random().toString(36).slice(2)}`;
  if (opts.user) {
    if (body.member) body.member.user.id = opts.user;
    if (body.user) body.user.id = opts.user;
  }
  if (opts.guild === false && body.member) {
    body.user = body.member.user;
    delete body.member;
    delete body.guild_id;
    delete body.guild;
    body.context = 1;
    body.channel = { id: "1290000000000000099", type: 1 };
  }
  if (opts.command !== undefined) body.data.name = opts.command;
  if (opts.value !== undefined) {
    if (opts.value === "") delete body.data.options;
    else body.data.options = [{ name: opts.optionName ?? body.data.options?.[0]?.name ?? "pertanyaan", type: 3, value: opts.value }];
  }
  if (opts.action !== undefined) {
    if (body.data.component_type === 3) body.data.values = [opts.action];
    else body.data.custom_id = opts.action;
  }
  return body;
}

let privateKey: CryptoKey | undefined;
const encoder = new TextEncoder();

/** The headers Discord signs a body with, by the test key pair (or `sign` false: none). */
export async function signatureHeaders(raw: string, timestamp = Math.floor(Date.now() / 1000)): Promise<Record<string, string>> {
  privateKey ??= await crypto.subtle.importKey("jwk", JSON.parse(env.TEST_DISCORD_PRIVATE_JWK) as JsonWebKey, { name: "Ed25519" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, privateKey, encoder.encode(`${timestamp}${raw}`)));
  return { "X-Signature-Ed25519": [...signature].map((b) => b.toString(16).padStart(2, "0")).join(""), "X-Signature-Timestamp": String(timestamp) };
}

/** POST an interaction to /discord, signed unless `headers` says otherwise; background work is awaited. */
export async function postInteraction(
  body: unknown,
  opts: { headers?: Record<string, string>; bindings?: Record<string, unknown>; via?: (r: Request) => Promise<Response> } = {},
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers = { "content-type": "application/json", ...(opts.headers ?? (await signatureHeaders(raw))) };
  const request = new Request("https://binjol.test/discord", { method: "POST", headers, body: raw });
  return (opts.via ?? appWith(opts.bindings ?? {}))(request);
}

/** One call the stand-in recorded. */
export interface DcCall {
  kind: "commands" | "dm-channel" | "message" | "edit" | "followup" | "delete";
  path: string;
  body: any;
  user?: string;
  token?: string;
  id?: string;
  outcome: "ok" | number;
}

/** The calls the stand-in recorded for a user (DMs) or an interaction token (follow-ups), oldest first. */
export async function dcCalls(filter: { user?: string; token?: string }): Promise<DcCall[]> {
  const q = new URLSearchParams(filter as Record<string, string>);
  return (await fetch(`${env.DISCORD_API_ROOT}/__calls?${q}`)).json();
}

/** Script the stand-in's next answers to DMs to `user` (e.g. `{ status: 403, code: 50007 }`). */
export async function script(user: string, responses: Array<{ ok: true } | { status: number; code: number; message?: string }>): Promise<void> {
  await fetch(`${env.DISCORD_API_ROOT}/__script`, { method: "POST", body: JSON.stringify({ user, responses }) });
}

/** Logged messages of one Discord conversation, oldest first. */
export async function logged(user: string) {
  const { results } = await env.DB.prepare("select direction, sender, kind, text, topic, status, error, external_id as externalId, dedupe_key as dedupeKey from messages where conversation_id = ? order by id")
    .bind(`dc:${user}`)
    .all<{ direction: string; sender: string; kind: string; text: string | null; topic: string | null; status: string; error: string | null; externalId: string | null; dedupeKey: string | null }>();
  return results;
}

/** What the member who acted sees of an answer: the direct response's message, or a deferral's edit and follow-ups. */
export async function answered(body: { token: string }, answer: any): Promise<{ ephemeral: boolean; messages: any[] }> {
  if (answer.type === 4) return { ephemeral: answer.data.flags === 64, messages: [answer.data] };
  if (answer.type !== 5) throw new Error(`unexpected response type ${answer.type}`);
  const calls = (await dcCalls({ token: body.token })).filter((c) => c.kind === "edit" || c.kind === "followup");
  const deferredEphemeral = answer.data?.flags === 64;
  const followUpsEphemeral = calls.filter((c) => c.kind === "followup").every((c) => c.body.flags === 64);
  const edited = calls.some((c) => c.kind === "edit");
  return { ephemeral: edited ? deferredEphemeral && followUpsEphemeral : calls.length > 0 && followUpsEphemeral, messages: calls.map((c) => c.body) };
}
