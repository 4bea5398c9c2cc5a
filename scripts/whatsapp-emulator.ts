/**
 * A local stand-in for the WhatsApp Cloud API (Graph API), for `npm start`, `npm run say:wa` and the tests.
 *
 *  - `POST /{version}/{phone-number-id}/messages`: recorded; answered as Meta does (a wamid per message,
 *    `{ success: true }` for a read receipt), or by a scripted error
 *  - `GET /__calls[?to=<wa_id>]`: the recorded calls, oldest first
 *  - `POST /__script` with `{ to, responses: [{ status, code, message?, details? } | { ok: true }] }`: the next sends to
 *    that number get these answers, in order (e.g. 131047 outside the window, 130429 rate limit, 190 token)
 *  - `POST /__webhook` with `{ text, from?, url? }`: posts a signed, real-shaped text webhook to the Worker
 *  - `POST /{version}/{phone-number-id}/media` (multipart: messaging_product, type, file): an upload, recorded as
 *    `{ upload: <media id>, type, filename, size, head }` and answered `{ id }`
 *  - `GET /{version}/{media-id}`: a media lookup (url, mime_type, sha256, file_size), and `GET /__media/{media-id}` the
 *    download it points to, both with the bearer token; ids starting with "doc" are PDFs, "big" claims 6 MB, "exe" is
 *    not a document, any other id a JPEG photo
 *
 * Run alone: `node scripts/whatsapp-emulator.ts` (listens on WHATSAPP_API_ROOT's port), or
 * `node scripts/whatsapp-emulator.ts say "cara bikin kartu kuning"` (what `npm run say:wa` does).
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";

/** One recorded Graph API call. */
export interface EmulatorCall {
  path: string;
  body: Record<string, unknown>;
  /** the wamid answered, for a message that was accepted */
  wamid?: string;
  /** "ok" or the HTTP status of a scripted error */
  outcome: "ok" | number;
}

/** One scripted answer. */
export type EmulatorResponse = { ok: true } | { status: number; code: number; message?: string; details?: string };

/** Options of the emulator. */
export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** signs /__webhook posts (WHATSAPP_APP_SECRET) */
  appSecret?: string;
  /** the business number's id the webhooks name (WHATSAPP_PHONE_NUMBER_ID) */
  phoneNumberId?: string;
  /** where /__webhook posts by default, e.g. http://127.0.0.1:8787/whatsapp */
  webhookUrl?: string;
}

/** The webhook body Meta sends for one text message (the shape of Meta's "messages webhook reference"). */
export function textWebhook(opts: { phoneNumberId: string; from: string; text: string; wamid?: string; timestamp?: number }): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: opts.phoneNumberId },
              contacts: [{ profile: { name: "Coba" }, wa_id: opts.from }],
              messages: [
                {
                  from: opts.from,
                  id: opts.wamid ?? newWamid(),
                  timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: opts.text },
                },
              ],
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

/** A GET for a media lookup (/{version}/{id}) or its download (/__media/{id}). */
function mediaRoute(req: IncomingMessage, url: URL): { id: string; download: boolean } | undefined {
  if (req.method !== "GET") return undefined;
  const lookup = /^\/v\d+\.\d+\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  if (lookup) return { id: lookup[1]!, download: false };
  const download = /^\/__media\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  return download ? { id: download[1]!, download: true } : undefined;
}

/** The stand-in's media by id (see the header). */
function mediaFile(id: string): { bytes: Buffer; mimeType: string; claimedSize?: number } | undefined {
  if (id.startsWith("none")) return undefined;
  if (id.startsWith("exe")) return { bytes: Buffer.from("MZ not a document"), mimeType: "application/octet-stream" };
  if (id.startsWith("doc") || id.startsWith("big")) {
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n% whatsapp ${id}\ntrailer <</Root 1 0 R>>\n%%EOF\n`);
    return { bytes: pdf, mimeType: "application/pdf", ...(id.startsWith("big") ? { claimedSize: 6 * 1024 * 1024 } : {}) };
  }
  // a tiny JPEG: SOI, an APP0 JFIF header, EOI
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
  return { bytes: jpeg, mimeType: "image/jpeg" };
}

/** "sha256=<hex>": the X-Hub-Signature-256 header Meta sends with a body. */
export function sign(appSecret: string, body: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

/** A fresh wamid-like id. */
export function newWamid(): string {
  return `wamid.${randomBytes(24).toString("base64url")}`;
}

/** Start the emulator; returns its root URL and a stop function. */
export async function startWhatsAppEmulator(opts: EmulatorOptions = {}): Promise<{ root: string; stop: () => Promise<void> }> {
  const calls: EmulatorCall[] = [];
  const scripts = new Map<string, EmulatorResponse[]>();

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  };

  /** Meta's answer to a call without a bearer token (code 190). */
  const hasToken = (req: IncomingMessage) => /^Bearer \S+/.test(req.headers.authorization ?? "");
  const noToken = (res: ServerResponse) => reply(res, 401, { error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 } });

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/__calls") {
      const to = url.searchParams.get("to");
      return reply(res, 200, to ? calls.filter((c) => c.body.to === to) : calls);
    }
    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return reply(res, 400, { error: { message: "(#100) Invalid JSON", type: "OAuthException", code: 100 } });
    }
    if (url.pathname === "/__script") {
      if (typeof body.to !== "string" || !Array.isArray(body.responses)) return reply(res, 400, { error: "expected { to, responses: [...] }" });
      if (body.responses.length === 0) scripts.delete(body.to);
      else scripts.set(body.to, [...(body.responses as EmulatorResponse[])]);
      return reply(res, 200, { ok: true });
    }
    if (url.pathname === "/__webhook") {
      const target = typeof body.url === "string" ? body.url : opts.webhookUrl;
      if (!target || !opts.appSecret || !opts.phoneNumberId) return reply(res, 400, { error: "no webhook url, app secret or phone number id configured" });
      const payload = JSON.stringify(textWebhook({ phoneNumberId: opts.phoneNumberId, from: String(body.from ?? "6281200000001"), text: String(body.text ?? "menu") }));
      const sent = await fetch(target, { method: "POST", headers: { "content-type": "application/json", "X-Hub-Signature-256": sign(opts.appSecret, payload) }, body: payload });
      return reply(res, 200, { status: sent.status, body: await sent.text() });
    }
    const media = mediaRoute(req, url);
    if (media) {
      if (!hasToken(req)) return noToken(res);
      const file = mediaFile(media.id);
      if (!file) return reply(res, 404, { error: { message: "(#100) Unsupported get request", type: "OAuthException", code: 100 } });
      if (media.download) {
        res.statusCode = 200;
        res.setHeader("content-type", file.mimeType);
        return res.end(file.bytes);
      }
      return reply(res, 200, {
        messaging_product: "whatsapp",
        url: `http://${req.headers.host}/__media/${media.id}`,
        mime_type: file.mimeType,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        file_size: String(file.claimedSize ?? file.bytes.length),
        id: media.id,
      });
    }
    const match = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(url.pathname);
    if (req.method !== "POST" || !match) return reply(res, 404, { error: { message: "Unknown path components", type: "OAuthException", code: 2500 } });
    if (!hasToken(req)) return noToken(res);
    const call: EmulatorCall = { path: url.pathname, body, outcome: "ok" };
    calls.push(call);
    const to = typeof body.to === "string" ? body.to : undefined;
    const queue = to ? scripts.get(to) : undefined;
    const step = queue?.shift();
    if (queue && queue.length === 0 && to) scripts.delete(to);
    if (step && "status" in step) {
      call.outcome = step.status;
      return reply(res, step.status, {
        error: {
          message: `(#${step.code}) ${step.message ?? "Error"}`,
          type: "OAuthException",
          code: step.code,
          error_data: { messaging_product: "whatsapp", details: step.details ?? step.message ?? "Error" },
          fbtrace_id: "A" + randomBytes(8).toString("hex"),
        },
      });
    }
    if (body.status === "read") return reply(res, 200, { success: true });
    call.wamid = newWamid();
    return reply(res, 200, { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: call.wamid }] });
  };

  /** POST /{version}/{phone-number-id}/media (multipart): recorded with the upload's fields, answered with a media id. */
  const upload = async (req: IncomingMessage, res: ServerResponse, bytes: Buffer) => {
    if (!hasToken(req)) return noToken(res);
    const form = await new Request("http://x/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: Uint8Array.from(bytes).buffer }).formData().catch(() => undefined);
    const file = form?.get("file");
    if (!form || form.get("messaging_product") !== "whatsapp" || !(file instanceof Blob)) {
      return reply(res, 400, { error: { message: "(#100) The parameter file is required.", type: "OAuthException", code: 100 } });
    }
    const id = `up${randomBytes(6).toString("hex")}`;
    const head = Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString("latin1");
    calls.push({ path: req.url ?? "", body: { upload: id, type: form.get("type"), filename: (file as File).name, size: file.size, head }, outcome: "ok" });
    return reply(res, 200, { id });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const bytes = Buffer.concat(chunks);
      const isUpload = req.method === "POST" && /^\/v\d+\.\d+\/[^/]+\/media$/.test(new URL(req.url ?? "/", "http://x").pathname);
      (isUpload ? upload(req, res, bytes) : handle(req, res, bytes.toString("utf8"))).catch((err: unknown) => reply(res, 500, { error: String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { root: `http://${opts.host ?? "127.0.0.1"}:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

/** `say`: post a signed text webhook to the local Worker and print what the bot sent to this number. */
async function say(text: string): Promise<void> {
  const { devVars } = await import("./lib/dev-vars.ts");
  const vars = devVars();
  const root = vars.WHATSAPP_API_ROOT ?? "";
  const worker = process.env.WORKER_URL ?? "http://127.0.0.1:8787";
  const from = process.env.WA_ID ?? "6281200000001";
  if (!vars.WHATSAPP_APP_SECRET || !vars.WHATSAPP_PHONE_NUMBER_ID || !root) {
    console.error("Set WHATSAPP_API_ROOT, WHATSAPP_APP_SECRET and WHATSAPP_PHONE_NUMBER_ID (in .dev.vars or the environment), then `npm start`.");
    process.exit(1);
  }
  const callsTo = async () => (await (await fetch(`${root}/__calls?to=${from}`)).json()) as EmulatorCall[];
  const before = (await callsTo()).length;
  const payload = JSON.stringify(textWebhook({ phoneNumberId: vars.WHATSAPP_PHONE_NUMBER_ID, from, text }));
  const res = await fetch(`${worker}/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "X-Hub-Signature-256": sign(vars.WHATSAPP_APP_SECRET, payload) }, body: payload });
  console.log(`POST /whatsapp → ${res.status} ${await res.text()}`);
  for (const call of (await callsTo()).slice(before)) console.log(`\n── bot → ${from} ──\n${describe(call.body)}`);
}

/** A sent message as a person would read it: its text, then its buttons or list rows as "[title → id]". */
export function describe(body: Record<string, unknown>): string {
  const b = body as any;
  if (b.type === "text") return b.text.body;
  if (b.type === "template") return `[template ${b.template.name} (${b.template.language.code})] ${(b.template.components?.[0]?.parameters ?? []).map((p: any) => p.text).join(" | ")}`;
  if (b.type === "interactive") {
    const i = b.interactive;
    const options = i.type === "button"
      ? i.action.buttons.map((x: any) => `[${x.reply.title} → ${x.reply.id}]`)
      : i.action.sections.flatMap((s: any) => s.rows.map((r: any) => `[${r.title} → ${r.id}]`));
    return `${i.body.text}\n${options.join("\n")}`;
  }
  return JSON.stringify(body);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "say") {
    await say(rest.join(" ") || "menu");
  } else {
    const { devVars } = await import("./lib/dev-vars.ts");
    const vars = devVars();
    const url = new URL(vars.WHATSAPP_API_ROOT || "http://127.0.0.1:9002");
    const emulator = await startWhatsAppEmulator({
      port: Number(url.port || 80),
      host: url.hostname,
      ...(vars.WHATSAPP_APP_SECRET ? { appSecret: vars.WHATSAPP_APP_SECRET } : {}),
      ...(vars.WHATSAPP_PHONE_NUMBER_ID ? { phoneNumberId: vars.WHATSAPP_PHONE_NUMBER_ID } : {}),
      webhookUrl: `${process.env.WORKER_URL ?? "http://127.0.0.1:8787"}/whatsapp`,
    });
    console.log(`WhatsApp Cloud API emulator at ${emulator.root}`);
  }
}
