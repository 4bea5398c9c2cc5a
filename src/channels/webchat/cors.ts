/** CORS for the web-chat API: only origins in ALLOWED_ORIGINS (and the Worker's own) may call it from a browser. */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { Env } from "../../env.ts";

/** Build the middleware; the allow-list is read from the environment per request (it is tiny). */
export function webchatCors(): MiddlewareHandler<{ Bindings: Env }> {
  const allowed = (origin: string, env: Env, self: string) =>
    origin === self || (env.ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean).includes(origin);
  const corsMiddleware = cors({
    origin: (origin, c) => (allowed(origin, c.env as Env, new URL(c.req.url).origin) ? origin : null),
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type"],
    exposeHeaders: ["Retry-After"],
    maxAge: 600,
  });
  return async function webchatCorsMiddleware(c, next) {
    const origin = c.req.header("Origin");
    if (origin && c.req.method !== "OPTIONS" && !allowed(origin, c.env, new URL(c.req.url).origin)) {
      throw new HTTPException(403, { message: `origin ${origin.slice(0, 100)} is not allowed to use the chat` });
    }
    return corsMiddleware(c, next);
  };
}
