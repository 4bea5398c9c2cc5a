/**
 * The Discord HTTP API calls the adapter makes: a DM channel and a message in it (bot-initiated sends), and the
 * interaction webhook (edit the deferred original, follow-ups). Failures are classified by Discord's JSON error code;
 * rate limits, 5xx and network errors are retried a bounded number of times.
 */
import { log } from "../../log.ts";
import type { DiscordConfig } from "./config.ts";

/** The outcome of one call. */
export type ApiResult = { ok: true; body: Record<string, unknown> } | ({ ok: false } & ApiFailure);

/** A failed call by its meaning. */
export interface ApiFailure {
  kind:
    /** 50007 (the member does not accept DMs from the bot, or shares no server with it), 10013 unknown user */
    | "unreachable"
    /** 429, 5xx or no answer, still failing after the bounded retries */
    | "transient"
    /** 401: the bot token is wrong */
    | "token"
    /** 10015 unknown webhook, 10062 unknown interaction: the interaction token expired (15 minutes) or is not acknowledged yet */
    | "gone"
    /** anything else Discord refused */
    | "refused";
  code?: number;
  error: string;
  retryAfterSeconds?: number;
  /** no answer came: the message may have arrived */
  uncertain?: boolean;
}

/** Retry and test options. */
export interface ApiOptions {
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  /** tests: the fetch to call the API with */
  fetch?: typeof fetch;
}

/** Discord asks bots to name themselves this way. */
const USER_AGENT = "DiscordBot (https://github.com/disnaker/binjol, 0.1)";

/** One call with the bounded retries; `auth` false for the interaction webhook (its token is in the path). */
export async function discordCall(
  config: DiscordConfig,
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body: unknown,
  opts: ApiOptions & { auth?: boolean } = {},
): Promise<ApiResult> {
  const attempts = opts.attempts ?? 3;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: ApiResult = { ok: false, kind: "transient", error: "not sent" };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await callOnce(opts.fetch ?? fetch, `${config.apiRoot}${path}`, method, body, opts.auth === false ? undefined : config.botToken, opts.timeoutMs ?? 8000);
    if (last.ok || last.kind !== "transient" || last.uncertain || attempt === attempts) break;
    // Short waits only: an interaction's follow-up and a counsellor's form both wait for this.
    await sleep(Math.min((last.retryAfterSeconds ?? 0.3 * attempt) * 1000, 3000));
  }
  if (!last.ok && last.kind === "token") log("error", "discord bot token rejected (401): renew DISCORD_BOT_TOKEN with `wrangler secret put`", { error: last.error });
  return last;
}

async function callOnce(fetcher: typeof fetch, url: string, method: string, body: unknown, token: string | undefined, timeoutMs: number): Promise<ApiResult> {
  let res: Response;
  try {
    res = await fetcher(url, {
      method,
      headers: {
        "user-agent": USER_AGENT,
        // a FormData body (a message with files) sets its own multipart content type
        ...(body !== undefined && !(body instanceof FormData) ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bot ${token}` } : {}),
      },
      ...(body !== undefined ? { body: body instanceof FormData ? body : JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { ok: false, kind: "transient", error: "network error reaching the Discord API", uncertain: true };
  }
  const json = (res.status === 204 ? {} : await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return { ok: true, body: json };
  return { ok: false, ...classify(res.status, json, res.headers.get("retry-after")) };
}

/** A failed response by its meaning: Discord's error code first, the HTTP status after. */
export function classify(status: number, json: Record<string, unknown>, retryAfter?: string | null): ApiFailure {
  const code = typeof json.code === "number" ? json.code : undefined;
  const message = typeof json.message === "string" ? json.message : `HTTP ${status}`;
  const error = (code !== undefined ? `${code}: ${message}` : message).slice(0, 300);
  const base = { error, ...(code !== undefined ? { code } : {}) };
  if (code === 50007 || code === 10013) return { ...base, kind: "unreachable" };
  if (code === 10015 || code === 10062) return { ...base, kind: "gone" };
  if (status === 401) return { ...base, kind: "token" };
  if (status === 429) {
    const seconds = typeof json.retry_after === "number" ? json.retry_after : Number(retryAfter);
    return { ...base, kind: "transient", retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 1 };
  }
  if (status >= 500) return { ...base, kind: "transient" };
  return { ...base, kind: "refused" };
}
