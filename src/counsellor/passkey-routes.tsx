/**
 * The dashboard's passkey routes (src/counsellor/passkeys.ts does the ceremonies):
 *
 *   POST /admin/passkey/opsi, /admin/passkey/masuk            discoverable sign-in (JSON answers for passkey.js)
 *   GET  /admin/undangan/:token, POST …/opsi, POST …          a first passkey from a one-time invite link
 *   GET  /admin/pengaturan                                    the counsellor's passkeys (signed in)
 *   POST /admin/pengaturan/passkey/opsi, …/passkey            add a passkey (session CSRF token)
 *   POST /admin/pengaturan/passkey/:id/cabut                  revoke one
 *
 * With Cloudflare Access configured, Access decides who signs in: sign-in and invite routes answer 404 or a notice.
 * Passkey sign-in failures count in the login throttle like wrong passwords.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { createDb } from "../db/client.ts";
import { clockFrom } from "../env.ts";
import { log } from "../log.ts";
import { accessConfig } from "./access.ts";
import { createSession } from "./auth.ts";
import { safeNext, sameOrigin, setSessionCookie, type AdminContext, type AdminEnv, type CounsellorBindings } from "./guard.tsx";
import { BASE } from "./layout.tsx";
import { PASSKEY_JS } from "./passkey-script.ts";
import {
  CHALLENGE_TTL_MS,
  finishLogin,
  finishRegistration,
  inviteAccount,
  listPasskeys,
  passkeyOwner,
  PASSKEY_COOKIE,
  relyingParty,
  revokePasskey,
  startLogin,
  startRegistration,
  type PasskeyFailure,
} from "./passkeys.ts";
import { MessagePage } from "./pages/login.tsx";
import { InvitePage, SettingsPage } from "./pages/passkeys.tsx";
import { errorMessages, loginMessages, passkeyMessages } from "./strings.ts";
import { passkeyParam, passkeyRegisterForm, passkeySignInForm, settingsQuery } from "./schemas.ts";
import { vValidator } from "../http/validate.ts";
import type { LoginThrottle } from "./throttle.ts";

export interface PasskeyRouteOptions {
  now: () => number;
  throttleOf: (env: CounsellorBindings) => LoginThrottle;
  maxFormBytes: number;
}

const SETTINGS = `${BASE}/pengaturan`;

/** Routes anyone may call (sign-in, invites); mount before the signed-in part. */
export function publicPasskeyRoutes(app: Hono<AdminEnv>, o: PasskeyRouteOptions): void {
  const limit = bodyLimit({ maxSize: o.maxFormBytes, onError: () => tooLarge() });
  app.get("/passkey.js", (c) => c.body(PASSKEY_JS, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" }));

  app.post("/passkey/opsi", limit, async (c) => {
    guardPublic(c);
    const { options, cookieToken } = await startLogin(createDb(c.env.DB), relyingParty(c.req.url), o.now());
    setChallengeCookie(c, cookieToken);
    return c.json({ options });
  });

  app.post("/passkey/masuk", limit, guard, vValidator("form", passkeySignInForm, refuse(passkeyMessages.failed)), async (c) => {
    const form = c.req.valid("form");
    const response = form.credential;
    const db = createDb(c.env.DB);
    const owner = await passkeyOwner(db, response.id);
    // Counted like a password attempt, against the key's account when the key is known.
    const attempt = { email: owner?.email ?? "passkey:unknown", ip: c.req.header("cf-connecting-ip") ?? "local" };
    const throttle = o.throttleOf(c.env);
    const at = o.now();
    const wait = await throttle.attempt(attempt, at);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.json({ error: loginMessages.throttled(wait) }, 429);
    }
    const result = await finishLogin(db, relyingParty(c.req.url), getCookie(c, PASSKEY_COOKIE, "host"), response, at);
    clearChallengeCookie(c);
    if (!result.ok) {
      log("warn", "dashboard passkey login failed", { requestId: c.get("requestId"), reason: result.reason });
      return c.json({ error: result.reason === "no-challenge" ? passkeyMessages.expired : passkeyMessages.failed }, 401);
    }
    await throttle.succeeded(attempt, at);
    const { token } = await createSession(db, result.counsellorId, at);
    setSessionCookie(c, token);
    return c.json({ redirect: safeNext(form.next) ?? BASE });
  });

  app.get("/undangan/:token", async (c) => {
    if (accessConfig(c.env)) return c.html(<MessagePage title="Undangan" text={passkeyMessages.accessOnly} link={{ href: BASE, label: "Buka dasbor" }} />, 404);
    const token = c.req.param("token");
    const invite = await inviteAccount(createDb(c.env.DB), token, o.now());
    if (!invite) return c.html(<MessagePage title="Undangan tidak berlaku" text={passkeyMessages.inviteInvalid} link={{ href: `${BASE}/login`, label: "Ke halaman masuk" }} />, 404);
    return c.html(<InvitePage token={token} name={invite.name} email={invite.email} />);
  });

  app.post("/undangan/:token/opsi", limit, async (c) => {
    guardPublic(c);
    const db = createDb(c.env.DB);
    const at = o.now();
    const invite = await inviteAccount(db, c.req.param("token"), at);
    if (!invite) return c.json({ error: passkeyMessages.inviteInvalid }, 404);
    const { options, cookieToken } = await startRegistration(db, relyingParty(c.req.url), invite, at);
    setChallengeCookie(c, cookieToken);
    return c.json({ options });
  });

  app.post("/undangan/:token", limit, guard, vValidator("form", passkeyRegisterForm, refuse(passkeyMessages.registerFailed)), async (c) => {
    const form = c.req.valid("form");
    const db = createDb(c.env.DB);
    const at = o.now();
    const invite = await inviteAccount(db, c.req.param("token"), at);
    if (!invite) return c.json({ error: passkeyMessages.inviteInvalid }, 404);
    const response = form.credential;
    const result = await finishRegistration(
      db,
      relyingParty(c.req.url),
      getCookie(c, PASSKEY_COOKIE, "host"),
      response,
      { counsellorId: invite.counsellorId, inviteId: invite.inviteId, name: form.name },
      at,
    );
    clearChallengeCookie(c);
    if (!result.ok) return registrationRefused(c, result.reason);
    const { token } = await createSession(db, result.counsellorId, at);
    setSessionCookie(c, token);
    return c.json({ message: passkeyMessages.added, redirect: `${SETTINGS}?ok=added` });
  });
}

/** Routes for a signed-in counsellor; mount on the part behind requireStaff and verifyCsrf. */
export function staffPasskeyRoutes(staffOnly: Hono<AdminEnv>, o: PasskeyRouteOptions): void {
  staffOnly.get("/pengaturan", vValidator("query", settingsQuery), async (c) => {
    const staff = c.get("staff");
    if (accessConfig(c.env)) {
      return c.html(<MessagePage title="Pengaturan" text={passkeyMessages.accessOnly} link={{ href: BASE, label: "Kembali ke kotak masuk" }} />);
    }
    const passkeys = await listPasskeys(createDb(c.env.DB), staff.id);
    const { ok, err } = c.req.valid("query");
    const notice =
      ok === "added" ? { kind: "ok" as const, text: passkeyMessages.added }
      : ok === "revoked" ? { kind: "ok" as const, text: passkeyMessages.revoked }
      : err === "not-found" ? { kind: "err" as const, text: passkeyMessages.notFound }
      : undefined;
    return c.html(<SettingsPage staff={staff} passkeys={passkeys} clock={clockFrom(c.env)} {...(notice ? { notice } : {})} />);
  });

  staffOnly.post("/pengaturan/passkey/opsi", async (c) => {
    if (accessConfig(c.env)) throw new HTTPException(404, { message: errorMessages.notFound });
    const staff = c.get("staff");
    const { options, cookieToken } = await startRegistration(createDb(c.env.DB), relyingParty(c.req.url), { counsellorId: staff.id, email: staff.email, name: staff.name }, o.now());
    setChallengeCookie(c, cookieToken);
    return c.json({ options });
  });

  staffOnly.post("/pengaturan/passkey", vValidator("form", passkeyRegisterForm, refuse(passkeyMessages.registerFailed)), async (c) => {
    if (accessConfig(c.env)) throw new HTTPException(404, { message: errorMessages.notFound });
    const form = c.req.valid("form");
    const response = form.credential;
    const staff = c.get("staff");
    const result = await finishRegistration(
      createDb(c.env.DB),
      relyingParty(c.req.url),
      getCookie(c, PASSKEY_COOKIE, "host"),
      response,
      { counsellorId: staff.id, name: form.name },
      o.now(),
    );
    clearChallengeCookie(c);
    if (!result.ok) return registrationRefused(c, result.reason);
    return c.json({ message: passkeyMessages.added, redirect: `${SETTINGS}?ok=added` });
  });

  const notFound = (_issues: unknown, c: AdminContext) => c.redirect(`${SETTINGS}?err=not-found`, 303);
  staffOnly.post("/pengaturan/passkey/:id/cabut", vValidator("param", passkeyParam, notFound), async (c) => {
    const { id } = c.req.valid("param");
    const done = await revokePasskey(createDb(c.env.DB), c.get("staff").id, id, o.now());
    return c.redirect(done ? `${SETTINGS}?ok=revoked` : `${SETTINGS}?err=not-found`, 303);
  });
}

/** Public ceremony posts: not with Access, and only from this site. */
function guardPublic(c: AdminContext): void {
  if (accessConfig(c.env)) throw new HTTPException(404, { message: errorMessages.notFound });
  if (!sameOrigin(c)) throw new HTTPException(403, { message: errorMessages.forbidden });
}

/** guardPublic as middleware, before a form is read. */
const guard: MiddlewareHandler<AdminEnv> = async (c, next) => {
  guardPublic(c);
  await next();
};

/** A ceremony post whose form does not match its schema: 415 when it is not a form, else the message as JSON (400). */
function refuse(message: string) {
  return (_issues: unknown, c: AdminContext) => {
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(c.req.header("content-type") ?? "")) {
      throw new HTTPException(415, { message: errorMessages.badRequest });
    }
    return c.json({ error: message }, 400);
  };
}

function registrationRefused(c: AdminContext, reason: PasskeyFailure) {
  log("warn", "dashboard passkey registration refused", { requestId: c.get("requestId"), reason });
  const text =
    reason === "duplicate" ? passkeyMessages.duplicate
    : reason === "too-many" ? passkeyMessages.tooMany
    : reason === "invite" ? passkeyMessages.inviteInvalid
    : reason === "no-challenge" ? passkeyMessages.expired
    : passkeyMessages.registerFailed;
  return c.json({ error: text }, 400);
}

function setChallengeCookie(c: AdminContext, token: string): void {
  setCookie(c, PASSKEY_COOKIE, token, { prefix: "host", path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: Math.floor(CHALLENGE_TTL_MS / 1000) });
}

function clearChallengeCookie(c: AdminContext): void {
  deleteCookie(c, PASSKEY_COOKIE, { prefix: "host", path: "/", secure: true });
}

function tooLarge(): never {
  throw new HTTPException(413, { message: errorMessages.badRequest });
}
