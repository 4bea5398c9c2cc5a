/**
 * The Graph API calls the adapter makes: POST /{version}/{phone-number-id}/messages (send, mark read). Failures are
 * classified by Meta's error code; rate limits, 5xx and network errors are retried a bounded number of times.
 */
import { log } from "../../log.ts";
import type { WhatsAppConfig } from "./config.ts";

/** The outcome of one call. */
export type GraphResult =
  | { ok: true; wamid: string }
  | { ok: false; code?: number; kind: GraphFailure; error: string; retryAfterSeconds?: number; uncertain?: boolean };

/** What a failure means for the sender. */
export type GraphFailure =
  /** 131047: the 24-hour window is closed; only a template can reach the seeker */
  | "window"
  /** 130429 / 131056 / 5xx / network, still failing after the bounded retries */
  | "transient"
  /** 131026 (not a WhatsApp user, or cannot receive this message): stop trying this seeker on WhatsApp */
  | "unreachable"
  /** 190: the access token is invalid or expired */
  | "token"
  /** anything else Meta refused */
  | "refused";

/** Retry options: at most `attempts` tries, `delayMs * attempt` between them. */
export interface GraphOptions {
  attempts?: number;
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** per-call timeout */
  timeoutMs?: number;
  /** tests: the fetch to call the Graph API with */
  fetch?: typeof fetch;
}

const RATE_LIMITS = new Set([130429, 131048, 4, 80007]);
const UNREACHABLE = new Set([131026]);

/** POST one message body (a WaMessage, a template, or a read receipt) to the number's messages endpoint. */
export async function postMessages(config: WhatsAppConfig, body: Record<string, unknown>, opts: GraphOptions = {}): Promise<GraphResult> {
  const attempts = opts.attempts ?? 3;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = `${config.apiRoot}/${config.version}/${config.phoneNumberId}/messages`;
  let last: GraphResult = { ok: false, kind: "transient", error: "not sent" };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await postOnce(opts.fetch ?? fetch, url, config.accessToken, body, opts.timeoutMs ?? 8000);
    if (last.ok || last.kind !== "transient" || attempt === attempts) break;
    await sleep((opts.delayMs ?? 300) * attempt);
  }
  if (!last.ok && last.kind === "token") {
    log("error", "whatsapp access token rejected (190): renew WHATSAPP_ACCESS_TOKEN with `wrangler secret put`", { error: last.error });
  }
  return last;
}

/** MIME types of the files BINJOL stores, for Meta's upload. */
const MIME = { pdf: "application/pdf", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", jpeg: "image/jpeg", png: "image/png" } as const;

/** Upload a file to the number's media (POST /{version}/{phone-number-id}/media, multipart); its media id, or a failure. */
export async function uploadMedia(
  config: WhatsAppConfig,
  file: { name: string; type: keyof typeof MIME; bytes: Uint8Array },
  opts: GraphOptions = {},
): Promise<{ ok: true; id: string } | Extract<GraphResult, { ok: false }>> {
  const form = new FormData();
  form.append("messaging_product", "whatsapp");
  form.append("type", MIME[file.type]);
  form.append("file", new Blob([file.bytes], { type: MIME[file.type] }), file.name);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(`${config.apiRoot}/${config.version}/${config.phoneNumberId}/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${config.accessToken}` },
      body: form,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch {
    return { ok: false, kind: "transient", error: "network error uploading to the WhatsApp Cloud API" };
  }
  const json = (await res.json().catch(() => ({}))) as GraphResponse & { id?: string };
  if (res.ok && typeof json.id === "string") return { ok: true, id: json.id };
  const failure = classify(res.status, json.error, res.headers.get("retry-after"));
  return failure.ok ? { ok: false, kind: "refused", error: "the upload returned no media id" } : failure;
}

async function postOnce(fetcher: typeof fetch, url: string, token: string, body: Record<string, unknown>, timeoutMs: number): Promise<GraphResult> {
  let res: Response;
  try {
    res = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ messaging_product: "whatsapp", ...body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    // No answer: the message may have arrived all the same.
    return { ok: false, kind: "transient", error: "network error reaching the WhatsApp Cloud API", uncertain: true };
  }
  const json = (await res.json().catch(() => ({}))) as GraphResponse;
  if (res.ok) {
    const wamid = json.messages?.[0]?.id;
    return { ok: true, wamid: wamid ?? "" };
  }
  return classify(res.status, json.error, res.headers.get("retry-after"));
}

interface GraphResponse {
  messages?: Array<{ id?: string }>;
  error?: { code?: number; message?: string; error_data?: { details?: string } };
}

/** A failed response by its meaning: Meta's error code first, the HTTP status after. */
export function classify(status: number, error: GraphResponse["error"], retryAfter?: string | null): GraphResult & { ok: false } {
  const code = error?.code;
  const words = error?.error_data?.details ?? error?.message ?? `HTTP ${status}`;
  const described = code !== undefined ? `${code}: ${words}` : words;
  const base = { ok: false as const, ...(code !== undefined ? { code } : {}), error: described.slice(0, 300) };
  if (code === 131047) return { ...base, kind: "window" };
  if (code === 190 || status === 401) return { ...base, kind: "token" };
  if (code !== undefined && UNREACHABLE.has(code)) return { ...base, kind: "unreachable" };
  if (code === 131056) {
    // The pair limit is this one seeker's: other sends go on, so no pause for the whole number.
    return { ...base, kind: "transient" };
  }
  if ((code !== undefined && RATE_LIMITS.has(code)) || status === 429) {
    const seconds = Number(retryAfter);
    return { ...base, kind: "transient", retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 60 };
  }
  if (status >= 500) return { ...base, kind: "transient", retryAfterSeconds: 5 };
  return { ...base, kind: "refused" };
}
