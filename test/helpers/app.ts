/** Call the Worker's app directly with extra bindings (fault injection, capture API, limits), awaiting its background work. */
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app.ts";

/** A fetch into a fresh app with `bindings` over the test env; waitUntil work is awaited before returning. */
export function appWith(bindings: Record<string, unknown> = {}) {
  return async (request: Request): Promise<Response> => {
    const pending: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const res = await createApp().fetch(request, { ...env, ...bindings }, ctx);
    await Promise.all(pending);
    return res;
  };
}

/** POST a Telegram update to /telegram with the webhook secret. */
export function telegramRequest(update: unknown): Request {
  return new Request("https://binjol.test/telegram", {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": env.TELEGRAM_WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
}
