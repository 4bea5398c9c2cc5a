/** The dashboard's gatekeeping: security headers, who is asking (session or Cloudflare Access), CSRF. */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { createDb, type Db } from "../db/client.ts";
import type { Env } from "../env.ts";
import { log } from "../log.ts";
import { ACCESS_HEADER, AccessError, accessConfig, verifyAccessJwt, type AccessEnv, type CertsFetch } from "./access.ts";
import { ABSOLUTE_TIMEOUT_MS, activeCounsellorByEmail, createSession, deleteSession, readSession, SESSION_COOKIE, type SessionLookup, type Staff } from "./auth.ts";
import { BASE } from "./layout.tsx";
import { MessagePage } from "./pages/login.tsx";
import { errorMessages, loginMessages } from "./strings.ts";
import { safeEqual } from "./tokens.ts";

/** The Worker's bindings as the dashboard reads them. */
export type CounsellorBindings = Env & AccessEnv;

export type AdminEnv = {
  Bindings: CounsellorBindings;
  Variables: { requestId: string; staff: Staff; form: Record<string, string> };
};
export type AdminContext = Context<AdminEnv>;

/** The dashboard's Content-Security-Policy: same-origin styles, script and connections (the live socket) only, no framing. */
export const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers of every dashboard response: a strict CSP, no framing, and no caching of personal data. */
export const securityHeaders: MiddlewareHandler<AdminEnv> = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set("Content-Security-Policy", CSP);
  h.set("X-Frame-Options", "DENY");
  h.set("X-Content-Type-Options", "nosniff");
  // "same-origin", not "no-referrer": with no-referrer browsers send `Origin: null` on form posts.
  h.set("Referrer-Policy", "same-origin");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  h.set("Cross-Origin-Resource-Policy", "same-origin");
  // The dashboard is only ever served over HTTPS (its cookies are __Host-/Secure): browsers must never try plain HTTP.
  h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (!h.has("Cache-Control")) h.set("Cache-Control", "no-store");
};

/** Identify the counsellor (session cookie, or Cloudflare Access when configured) or answer for them. */
export function requireStaff(now: () => number, fetchCerts?: CertsFetch): MiddlewareHandler<AdminEnv> {
  return async function requireStaff(c, next) {
    const db = createDb(c.env.DB);
    const lookup = await identify(c, db, now(), fetchCerts);
    if (lookup.status === "ok") {
      c.set("staff", lookup.staff);
      return next();
    }
    if (lookup.status === "access-denied") {
      return c.html(<MessagePage title="Akses ditolak" text={loginMessages.accessDenied} />, 403);
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      return c.html(<MessagePage title="Sesi berakhir" text={loginMessages.expired} link={{ href: `${BASE}/login`, label: "Masuk" }} />, 401);
    }
    const url = new URL(c.req.url);
    const here = safeNext(url.pathname + url.search);
    // A link followed from another site arrives without the SameSite=Strict cookie: a same-site click sends it.
    if (c.req.header("Sec-Fetch-Site") === "cross-site" && lookup.status === "none") {
      return c.html(<MessagePage title="BINJOL · Petugas" text="Lanjutkan ke dasbor petugas." link={{ href: here ?? BASE, label: "Lanjutkan" }} />, 200);
    }
    const params = new URLSearchParams();
    if (lookup.status === "expired") params.set("expired", "1");
    if (here && here !== BASE) params.set("next", here);
    const qs = params.toString();
    return c.redirect(`${BASE}/login${qs ? `?${qs}` : ""}`, 303);
  };
}

type Identity = SessionLookup | { status: "access-denied" };

async function identify(c: AdminContext, db: Db, at: number, fetchCerts?: CertsFetch): Promise<Identity> {
  const cookie = getCookie(c, SESSION_COOKIE, "host");
  const access = accessConfig(c.env);
  if (!access) return readSession(db, cookie, at);
  const jwt = c.req.header(ACCESS_HEADER) ?? getCookie(c, "CF_Authorization");
  if (!jwt) return { status: "access-denied" };
  let email: string;
  try {
    ({ email } = await verifyAccessJwt(jwt, access, { ...(fetchCerts ? { fetch: fetchCerts } : {}), now: at }));
  } catch (err) {
    log("warn", "access jwt refused", { requestId: c.get("requestId"), reason: err instanceof AccessError ? err.message : "error" });
    return { status: "access-denied" };
  }
  const counsellor = await activeCounsellorByEmail(db, email);
  if (!counsellor) return { status: "access-denied" };
  // The session keeps the CSRF token; it must belong to the identity Access vouches for.
  const session = await readSession(db, cookie, at);
  if (session.status === "ok" && session.staff.id === counsellor.id) return session;
  if (session.status === "ok") await deleteSession(db, session.staff.sessionId);
  const { token } = await createSession(db, counsellor.id, at);
  setSessionCookie(c, token);
  return readSession(db, token, at);
}

/** Every post needs the session's CSRF token, and a browser's Origin (when sent) must be this site. */
export const verifyCsrf: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const form = await readForm(c);
  const token = form._csrf;
  if (!token || !safeEqual(token, c.get("staff").csrfToken) || !sameOrigin(c)) {
    throw new HTTPException(403, { message: errorMessages.forbidden });
  }
  c.set("form", form);
  return next();
};

/** False for a cross-site request or a browser Origin other than this site. */
export function sameOrigin(c: AdminContext): boolean {
  if (c.req.header("Sec-Fetch-Site") === "cross-site") return false;
  const origin = c.req.header("Origin");
  return !origin || origin === new URL(c.req.url).origin;
}

/** The string fields of a form post (415 for any other body). */
export async function readForm(c: AdminContext): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new HTTPException(415, { message: errorMessages.badRequest });
  }
  const body = await c.req.parseBody();
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") form[key] = value;
  return form;
}

/** Set the session cookie: __Host-, Secure, HttpOnly, SameSite=Strict, gone at the absolute expiry. */
export function setSessionCookie(c: AdminContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    prefix: "host",
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Strict",
    maxAge: Math.floor(ABSOLUTE_TIMEOUT_MS / 1000),
  });
}

/** A path inside the dashboard to return to after sign-in; anything else is dropped. */
export function safeNext(value: string | undefined): string | undefined {
  if (!value || value.length > 300) return undefined;
  return /^\/admin(?:[/?][A-Za-z0-9/?=&%._~+-]*)?$/.test(value) && !value.includes("//") ? value : undefined;
}
