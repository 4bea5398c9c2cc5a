/**
 * A local stand-in for Discord's HTTP API, for `npm start`, `npm run discord:setup`, `npm run say:discord` and the
 * tests. DISCORD_API_ROOT points at it (http://127.0.0.1:9003/api/v10; the /api/v10 prefix is optional).
 *
 *  - `PUT /applications/{app}/commands`: the commands registered (bulk overwrite), answered with ids
 *  - `POST /users/@me/channels` { recipient_id }: a DM channel; `POST /channels/{id}/messages`: a DM, recorded (a
 *    multipart message with files is recorded as its payload_json with `files: [{ field, name, size, head }]`)
 *  - `PATCH /webhooks/{app}/{token}/messages/@original`, `POST /webhooks/{app}/{token}`,
 *    `DELETE /webhooks/{app}/{token}/messages/@original`: an interaction's deferred answer and follow-ups, recorded
 *  - `GET /__calls[?user=<id>][&token=<interaction token>]`: the recorded calls, oldest first
 *  - `POST /__script` with `{ user, responses: [{ status, code, message? } | { ok: true }] }`: the next DMs to that
 *    user get these answers, in order (e.g. `{ status: 403, code: 50007 }`: the user does not accept DMs)
 *
 * Run alone: `node scripts/discord-emulator.ts` (listens on DISCORD_API_ROOT's port);
 * `node scripts/discord-emulator.ts keygen` makes the local key pair (.wrangler/discord-local-key.json) and prints
 * its public key; `node scripts/discord-emulator.ts say /menu` (what `npm run say:discord -- /menu` does) posts
 * an interaction signed with that key to the local Worker and prints the answer.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";

/** One recorded API call. */
export interface DiscordCall {
  kind: "commands" | "dm-channel" | "message" | "edit" | "followup" | "delete";
  method: string;
  path: string;
  body: Record<string, any>;
  /** the user a DM (or DM channel) is for */
  user?: string;
  /** the interaction token of a webhook call */
  token?: string;
  /** the id answered for a message that was accepted */
  id?: string;
  /** "ok" or the HTTP status of a scripted error */
  outcome: "ok" | number;
}

/** One scripted answer to a DM. */
export type DiscordScript = { ok: true } | { status: number; code: number; message?: string };

let nextId = BigInt(Date.now() - 1420070400000) << 22n;
/** A fresh snowflake-like id. */
export function snowflake(): string {
  nextId += 1n + BigInt(Math.floor(Math.random() * 1000));
  return nextId.toString();
}

/** Start the stand-in; returns its root URL (with /api/v10) and a stop function. */
export async function startDiscordEmulator(opts: { port?: number; host?: string } = {}): Promise<{ root: string; stop: () => Promise<void> }> {
  const calls: DiscordCall[] = [];
  const scripts = new Map<string, DiscordScript[]>();
  const dmUsers = new Map<string, string>();
  const dmChannels = new Map<string, string>();
  let commands: Array<Record<string, unknown>> = [];

  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    res.statusCode = status;
    if (body === undefined) return res.end();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  };
  const botAuth = (req: IncomingMessage) => /^Bot \S+/.test(req.headers.authorization ?? "");

  /** A multipart body (a message with files): its payload_json, with the files as { name, size, head } under `files`. */
  const multipart = async (req: IncomingMessage, bytes: Buffer): Promise<string | undefined> => {
    const form = await new Request("http://x/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: Uint8Array.from(bytes).buffer }).formData().catch(() => undefined);
    if (!form) return undefined;
    const payload = form.get("payload_json");
    const body = (typeof payload === "string" ? JSON.parse(payload) : {}) as Record<string, unknown>;
    const files = [];
    for (const [key, value] of form.entries()) {
      if (!/^files\[\d+\]$/.test(key) || !(value instanceof Blob)) continue;
      files.push({ field: key, name: (value as File).name, size: value.size, head: Buffer.from(await value.arrayBuffer()).subarray(0, 5).toString("latin1") });
    }
    return JSON.stringify({ ...body, files });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/api\/v\d+/, "");
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/__calls") {
      const user = url.searchParams.get("user");
      const token = url.searchParams.get("token");
      return reply(res, 200, calls.filter((c) => (!user || c.user === user) && (!token || c.token === token)));
    }
    let body: Record<string, any> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    } catch {
      return reply(res, 400, { code: 50109, message: "The request body contains invalid JSON." });
    }
    if (path === "/__script") {
      if (typeof body.user !== "string" || !Array.isArray(body.responses)) return reply(res, 400, { error: "expected { user, responses: [...] }" });
      if (body.responses.length === 0) scripts.delete(body.user);
      else scripts.set(body.user, [...(body.responses as DiscordScript[])]);
      return reply(res, 200, { ok: true });
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      const token = m[2]!;
      const original = m[3] !== undefined;
      if (method === "DELETE" && original) {
        calls.push({ kind: "delete", method, path: url.pathname, body, token, outcome: "ok" });
        return reply(res, 204);
      }
      if ((method === "PATCH" && original) || (method === "POST" && !original)) {
        const id = snowflake();
        calls.push({ kind: original ? "edit" : "followup", method, path: url.pathname, body, token, id, outcome: "ok" });
        return reply(res, 200, { id, type: 20, content: body.content ?? "", embeds: body.embeds ?? [], components: body.components ?? [], flags: body.flags ?? 0, webhook_id: m[1] });
      }
      return reply(res, 405, { code: 0, message: "405: Method Not Allowed" });
    }
    if (!botAuth(req)) return reply(res, 401, { code: 0, message: "401: Unauthorized" });
    if ((m = /^\/applications\/(\d+)\/commands$/.exec(path))) {
      if (method === "GET") return reply(res, 200, commands);
      if (method !== "PUT" || !Array.isArray(body)) return reply(res, 400, { code: 50035, message: "Invalid Form Body" });
      commands = (body as Array<Record<string, unknown>>).map((c) => ({ id: snowflake(), application_id: m![1], version: snowflake(), type: 1, ...c }));
      calls.push({ kind: "commands", method, path: url.pathname, body: { commands: body }, outcome: "ok" });
      return reply(res, 200, commands);
    }
    if (method === "POST" && path === "/users/@me/channels") {
      const user = String(body.recipient_id ?? "");
      if (!/^\d{1,20}$/.test(user)) return reply(res, 400, { code: 50035, message: "Invalid Form Body" });
      let channel = dmChannels.get(user);
      if (!channel) {
        channel = snowflake();
        dmChannels.set(user, channel);
        dmUsers.set(channel, user);
      }
      calls.push({ kind: "dm-channel", method, path: url.pathname, body, user, outcome: "ok" });
      return reply(res, 200, { id: channel, type: 1, last_message_id: null, flags: 0, recipients: [{ id: user, username: `seeker${user.slice(-4)}` }] });
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === "POST") {
      const user = dmUsers.get(m[1]!);
      if (!user) return reply(res, 404, { code: 10003, message: "Unknown Channel" });
      const call: DiscordCall = { kind: "message", method, path: url.pathname, body, user, outcome: "ok" };
      calls.push(call);
      const queue = scripts.get(user);
      const step = queue?.shift();
      if (queue && queue.length === 0) scripts.delete(user);
      if (step && "status" in step) {
        call.outcome = step.status;
        return reply(res, step.status, { message: step.message ?? (step.code === 50007 ? "Cannot send messages to this user" : "Error"), code: step.code });
      }
      call.id = snowflake();
      return reply(res, 200, { id: call.id, channel_id: m[1], type: 0, content: body.content ?? "", embeds: body.embeds ?? [], components: body.components ?? [] });
    }
    return reply(res, 404, { message: "404: Not Found", code: 0 });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const bytes = Buffer.concat(chunks);
      const isMultipart = /^multipart\/form-data/.test(req.headers["content-type"] ?? "");
      (async () => {
        const raw = isMultipart ? await multipart(req, bytes) : bytes.toString("utf8");
        if (raw === undefined) return reply(res, 400, { code: 50035, message: "Invalid Form Body" });
        return handle(req, res, raw);
      })().catch((err: unknown) => reply(res, 500, { message: String(err), code: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { root: `http://${opts.host ?? "127.0.0.1"}:${port}/api/v10`, stop: () => new Promise((r) => server.close(() => r())) };
}

// ── The local key pair and signed interactions ───────────────────────────────

/** Where `npm start` and `say:discord` keep the local key pair (git-ignored, readable by this user only). */
export const LOCAL_KEY_FILE = ".wrangler/discord-local-key.json";

/** A generated Ed25519 key pair: the public key as Discord shows it (hex), the private key as PKCS#8 PEM. */
export function newKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  return { publicKey: Buffer.from(x, "base64url").toString("hex"), privateKey: privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

/** The local key pair, made on first use. */
export function localKeyPair(file = LOCAL_KEY_FILE): { publicKey: string; privateKey: string } {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { publicKey: string; privateKey: string };
  const pair = newKeyPair();
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(file, JSON.stringify(pair, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return pair;
}

/** The two headers Discord sends with a body: X-Signature-Ed25519 over timestamp + body, and the timestamp. */
export function signInteraction(privateKey: string | KeyObject, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  const signature = sign(null, Buffer.from(`${timestamp}${body}`), key).toString("hex");
  return { "X-Signature-Ed25519": signature, "X-Signature-Timestamp": String(timestamp) };
}

/** A slash command interaction as Discord sends it from a DM with the bot (the shape of test/fixtures/discord/command-dm.json). */
export function commandInteraction(opts: { applicationId: string; userId: string; name: string; options?: Array<{ name: string; value: string }>; guildId?: string }): Record<string, unknown> {
  const user = { id: opts.userId, username: "pencari.kerja", global_name: "Pencari Kerja", discriminator: "0", avatar: null, public_flags: 0 };
  return {
    app_permissions: "2248473465835073",
    application_id: opts.applicationId,
    authorizing_integration_owners: { "0": opts.guildId ?? "1300000000000000001" },
    channel: { id: "1300000000000000002", type: opts.guildId ? 0 : 1 },
    channel_id: "1300000000000000002",
    context: opts.guildId ? 0 : 1,
    data: { id: "1300000000000000003", name: opts.name, type: 1, ...(opts.options?.length ? { options: opts.options.map((o) => ({ name: o.name, type: 3, value: o.value })) } : {}) },
    entitlements: [],
    id: snowflake(),
    locale: "id",
    token: `aW50ZXJhY3Rpb246${randomBytes(24).toString("base64url")}`,
    type: 2,
    version: 1,
    ...(opts.guildId ? { guild_id: opts.guildId, guild_locale: "id", member: { user, roles: [], nick: null, permissions: "2248473465835073" } } : { user }),
  };
}

/** `say`: post a signed slash command to the local Worker and print the answer and any follow-ups. */
async function say(words: string[]): Promise<void> {
  const { devVars } = await import("./lib/dev-vars.ts");
  const vars = devVars();
  const worker = process.env.WORKER_URL ?? "http://127.0.0.1:8787";
  const root = vars.DISCORD_API_ROOT ?? "";
  const pair = localKeyPair();
  if (vars.DISCORD_PUBLIC_KEY && vars.DISCORD_PUBLIC_KEY.toLowerCase() !== pair.publicKey) {
    console.error(`DISCORD_PUBLIC_KEY is not the local key pair's (${LOCAL_KEY_FILE}): leave it empty for \`npm start\`, or set it to ${pair.publicKey}.`);
    process.exit(1);
  }
  const [first = "/menu", ...rest] = words;
  const name = first.replace(/^\//, "");
  const { COMMANDS } = await import("../src/channels/discord/commands.ts");
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    console.error(`Unknown command /${name}. Commands: ${COMMANDS.map((c) => `/${c.name}`).join(" ")}`);
    process.exit(1);
  }
  const value = rest.join(" ").trim();
  const option = spec.options?.[0];
  const interaction = commandInteraction({
    applicationId: vars.DISCORD_APPLICATION_ID || "1300000000000000000",
    userId: process.env.DISCORD_USER_ID ?? "1300000000000000099",
    name,
    ...(option && value ? { options: [{ name: option.name, value }] } : {}),
    ...(process.env.DISCORD_GUILD_ID ? { guildId: process.env.DISCORD_GUILD_ID } : {}),
  });
  const body = JSON.stringify(interaction);
  const res = await fetch(`${worker}/discord`, { method: "POST", headers: { "content-type": "application/json", ...signInteraction(pair.privateKey, body) }, body });
  const text = await res.text();
  console.log(`POST /discord → ${res.status}`);
  let answer: any;
  try {
    answer = JSON.parse(text);
  } catch {
    console.log(text);
    return;
  }
  if (answer.type === 4) console.log(`\n── bot (response type 4${answer.data?.flags & 64 ? ", ephemeral" : ""}) ──\n${describe(answer.data)}`);
  else console.log(JSON.stringify(answer));
  if (answer.type === 5 && root) {
    // Deferred: the answer follows through the interaction webhook, recorded by the stand-in.
    await new Promise((r) => setTimeout(r, 1500));
    const calls = (await (await fetch(`${root}/__calls?token=${encodeURIComponent(String(interaction.token))}`)).json()) as DiscordCall[];
    for (const call of calls) console.log(`\n── bot (${call.kind}) ──\n${describe(call.body)}`);
  }
}

/** A message as a member would read it: its text, then its buttons and select options as "[label → custom_id]". */
export function describe(message: Record<string, any> | undefined): string {
  if (!message) return "";
  const text = [message.content ?? "", ...(message.embeds ?? []).map((e: any) => e.description ?? "")].filter(Boolean).join("\n\n");
  const choices = (message.components ?? []).flatMap((row: any) =>
    row.components.map((c: any) => (c.type === 2 ? `[${c.label} → ${c.custom_id}]` : `{${c.placeholder}: ${c.options.map((o: any) => `${o.label} → ${o.value}`).join(" | ")}}`)),
  );
  return [text, choices.join(" ")].filter(Boolean).join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "say") {
    await say(rest);
  } else if (command === "keygen") {
    const pair = localKeyPair();
    console.log(`Local key pair in ${LOCAL_KEY_FILE}.\nDISCORD_PUBLIC_KEY=${pair.publicKey}`);
  } else {
    const { devVars } = await import("./lib/dev-vars.ts");
    const url = new URL(devVars().DISCORD_API_ROOT || "http://127.0.0.1:9003/api/v10");
    const emulator = await startDiscordEmulator({ port: Number(url.port || 80), host: url.hostname });
    console.log(`Discord API stand-in at ${emulator.root}`);
  }
}
