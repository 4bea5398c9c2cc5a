/** The hono root: mounts the channel sub-apps and maps every error to a response in one place. */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { telegramWebhook } from "./channels/telegram/webhook.ts";
import { webchatApi } from "./channels/webchat/api.ts";
import { webchatCors } from "./channels/webchat/cors.ts";
import { widgetFrame } from "./channels/webchat/frame.ts";
import { whatsappWebhook } from "./channels/whatsapp/webhook.ts";
import { discordWebhook } from "./channels/discord/webhook.ts";
import { counsellorApp } from "./counsellor/app.tsx";
import { DeliveryError, InFlightError, StorageError, UnauthorizedError } from "./core/errors.ts";
import type { Env } from "./env.ts";
import { InvalidInput } from "./http/validate.ts";
import { webchatLive } from "./live/routes.ts";
import { benchProbes } from "./http/probes.ts";
import { log } from "./log.ts";

/** Build the Worker's HTTP app. */
export function createApp() {
  const app = new Hono<{ Bindings: Env; Variables: { requestId: string } }>();
  app.use(async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
    await next();
  });
  // The API and the webhook serve only JSON and redirects: nothing may be loaded or framed from them.
  // (The dashboard sets its own, page-specific headers.)
  const jsonHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginResourcePolicy: false,
  });
  app.use("/api/*", jsonHeaders);
  app.use("/telegram", jsonHeaders);
  app.use("/whatsapp", jsonHeaders);
  app.use("/discord", jsonHeaders);
  app.use("/health", jsonHeaders);
  app.get("/", (c) => c.redirect("/demo/", 302));
  app.get("/health", (c) => c.json({ ok: true }));
  // the benchmark's probes: 404 unless EXPOSE_METRICS=1 (never in production)
  app.route("/bench", benchProbes());
  app.route("/telegram", telegramWebhook());
  app.route("/whatsapp", whatsappWebhook());
  app.route("/discord", discordWebhook());
  app.route("/admin", counsellorApp());
  app.use("/api/webchat/*", webchatCors());
  app.route("/api/webchat/live", webchatLive());
  app.route("/api/webchat", webchatApi());
  // the chat frame of the widget (its script and CSS are static assets under /widget/)
  app.route("/widget", widgetFrame());
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((err, c) => {
    const requestId = c.get("requestId");
    if (err instanceof InvalidInput) return c.json({ error: err.message, issues: err.issues }, 400);
    if (err instanceof HTTPException) {
      if (err.status >= 500) log("warn", "request refused", { requestId, path: c.req.path, status: err.status, reason: err.message });
      return c.json({ error: err.message }, err.status);
    }
    if (err instanceof InFlightError) {
      c.header("Retry-After", "2");
      return c.json({ error: "this message is being handled; retry later" }, 409);
    }
    if (err instanceof UnauthorizedError) {
      return c.json({ error: err.message }, 401);
    }
    if (err instanceof DeliveryError) {
      c.header("Retry-After", String(err.retryAfterSeconds ?? 5));
      log("warn", "reply not delivered", { requestId, path: c.req.path, reason: err.message });
      return c.json({ error: "the reply could not be delivered; retry later" }, 503);
    }
    if (err instanceof StorageError) {
      log("error", "storage failed", { requestId, path: c.req.path, message: err.message });
      return c.json({ error: "temporarily unavailable; retry later" }, 500);
    }
    log("error", "unhandled error", { requestId, path: c.req.path, error: err.name, message: err.message });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
