/**
 * Counsellor passkeys through the dashboard's routes, with a software authenticator (ES256, WebCrypto) whose
 * responses @simplewebauthn/server verifies for real: invite links (single use, expiring), registration, sign-in,
 * counters, revocation, wrong origins, the throttle, password_disabled, and Cloudflare Access winning. The clock is
 * pinned: nothing depends on today's date.
 */
import { env } from "cloudflare:workers";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { setPasswordLogin } from "../../src/counsellor/accounts.ts";
import { createInvite, INVITE_TTL_MS } from "../../src/counsellor/passkeys.ts";
import type { LoginThrottle } from "../../src/counsellor/throttle.ts";
import { createDb } from "../../src/db/client.ts";
import { fakeAuthenticator, type FakeAuthenticator } from "../../scripts/lib/fake-authenticator.ts";
import { adminApp, createCounsellor, ORIGIN, uniqueEmail } from "./helpers.ts";

/** 15 January 2030, 10:00 WIB: the pinned clock of every app in this file. */
const T0 = Date.UTC(2030, 0, 15, 3, 0, 0);
const RP_ID = new URL(ORIGIN).hostname;
const db = () => createDb(env.DB);

type Call = ReturnType<typeof adminApp>;
let ipSeq = 0;
/** A fresh IP per test, so the D1 throttle of one test never slows another. */
const freshIp = () => `198.51.100.${++ipSeq}`;

function cookieOf(res: Response, name: string): string | undefined {
  const c = res.headers.getSetCookie().find((h) => h.startsWith(`__Host-${name}=`));
  const value = c?.split(";")[0];
  return value && !value.endsWith("=") ? value : undefined;
}

function post(fields: Record<string, string>, opts: { cookie?: string; origin?: string; ip?: string } = {}): RequestInit {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: opts.origin ?? ORIGIN };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.ip) headers["cf-connecting-ip"] = opts.ip;
  return { method: "POST", headers, body: new URLSearchParams(fields).toString(), redirect: "manual" };
}

/** Register `auth` through an invite link; returns the answer and the session cookie it set. */
async function registerByInvite(call: Call, token: string, auth: FakeAuthenticator, name = "Laptop kantor", origin = ORIGIN) {
  const opts = await call(`/admin/undangan/${token}/opsi`, post({}));
  expect(opts.status).toBe(200);
  const { options } = (await opts.json()) as { options: { challenge: string; rp: { id: string } } };
  expect(options.rp.id).toBe(RP_ID);
  const pk = cookieOf(opts, "binjol_pk")!;
  const credential = await auth.register({ challenge: options.challenge, origin, rpId: RP_ID });
  const res = await call(`/admin/undangan/${token}`, post({ name, credential: JSON.stringify(credential) }, { cookie: pk }));
  return { res, session: cookieOf(res, "binjol_admin") };
}

/** Sign in with `auth`; `tamper` may change the assertion before it is posted. */
async function signIn(
  call: Call,
  auth: FakeAuthenticator,
  opts: { origin?: string; ip?: string; tamper?: (a: AuthenticationResponseJSON) => void; counter?: number; postOrigin?: string; later?: Call } = {},
) {
  const ip = opts.ip ?? freshIp();
  const o = await call("/admin/passkey/opsi", post({}, { ip }));
  expect(o.status).toBe(200);
  const { options } = (await o.json()) as { options: { challenge: string; rpId: string; allowCredentials?: unknown[] } };
  expect(options.rpId).toBe(RP_ID);
  const pk = cookieOf(o, "binjol_pk")!;
  const assertion = await auth.assert({ challenge: options.challenge, origin: opts.origin ?? ORIGIN, rpId: RP_ID, ...(opts.counter !== undefined ? { counter: opts.counter } : {}) });
  opts.tamper?.(assertion);
  const res = await (opts.later ?? call)("/admin/passkey/masuk", post({ credential: JSON.stringify(assertion), next: "/admin/pengaturan" }, { cookie: pk, ip, origin: opts.postOrigin ?? ORIGIN }));
  return { res, session: cookieOf(res, "binjol_admin"), assertion, pk, ip };
}

async function newInvite(at = T0, name = "Bu Ratna") {
  const email = uniqueEmail("pk");
  const id = await createCounsellor({ email, name });
  const { token } = await createInvite(db(), id, at);
  return { id, email, token };
}

async function passkeyRows(counsellorId: number) {
  return (await env.DB.prepare("select id, name, counter, revoked_at, last_used_at from counsellor_passkeys where counsellor_id = ?").bind(counsellorId).all()).results as Array<{
    id: number;
    name: string;
    counter: number;
    revoked_at: number | null;
    last_used_at: number | null;
  }>;
}

describe("invite links", () => {
  const call = adminApp({ now: () => T0 });

  it("register a passkey without a password, sign the counsellor in, and work only once; only the token's hash is stored", async () => {
    const { id, token } = await newInvite();
    const page = await call(`/admin/undangan/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Daftarkan passkey");
    expect(html).toContain("Bu Ratna");
    expect(html).toContain("/admin/passkey.js?v=");
    const stored = await env.DB.prepare("select id from counsellor_invites where counsellor_id = ?").bind(id).first<{ id: string }>();
    expect(stored!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.id).not.toBe(token);

    const auth = await fakeAuthenticator();
    const { res, session } = await registerByInvite(call, token, auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ redirect: "/admin/pengaturan?ok=added" });
    expect(session).toBeDefined();
    const settings = await call("/admin/pengaturan?ok=added", { headers: { cookie: session! } });
    expect(settings.status).toBe(200);
    const body = await settings.text();
    expect(body).toContain("Laptop kantor");
    expect(body).toContain("Passkey ditambahkan.");
    expect(await passkeyRows(id)).toHaveLength(1);

    // used: the page and both posts refuse it
    expect((await call(`/admin/undangan/${token}`)).status).toBe(404);
    expect((await call(`/admin/undangan/${token}/opsi`, post({}))).status).toBe(404);
    const again = await registerByInvite(call, token, await fakeAuthenticator()).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error);
    expect(await passkeyRows(id)).toHaveLength(1);
  });

  it("expire after 24 hours (by the injected clock)", async () => {
    const { token } = await newInvite(T0);
    expect((await adminApp({ now: () => T0 + INVITE_TTL_MS - 1000 })(`/admin/undangan/${token}`)).status).toBe(200);
    const late = adminApp({ now: () => T0 + INVITE_TTL_MS + 1000 });
    const res = await late(`/admin/undangan/${token}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Tautan undangan ini tidak berlaku");
    expect((await late(`/admin/undangan/${token}/opsi`, post({}))).status).toBe(404);
  });

  it("cannot be used for a challenge of another invite, and an invite opened before expiry cannot be finished after it", async () => {
    const a = await newInvite();
    const b = await newInvite();
    const auth = await fakeAuthenticator();
    const opts = await call(`/admin/undangan/${a.token}/opsi`, post({}));
    const { options } = (await opts.json()) as { options: { challenge: string } };
    const credential = await auth.register({ challenge: options.challenge, origin: ORIGIN, rpId: RP_ID });
    const cross = await call(`/admin/undangan/${b.token}`, post({ credential: JSON.stringify(credential) }, { cookie: cookieOf(opts, "binjol_pk")! }));
    expect(cross.status).toBe(400);
    expect(await passkeyRows(b.id)).toHaveLength(0);

    const c = await newInvite(T0 - INVITE_TTL_MS + 60_000);
    const o2 = await call(`/admin/undangan/${c.token}/opsi`, post({}));
    expect(o2.status).toBe(200);
    const { options: opt2 } = (await o2.json()) as { options: { challenge: string } };
    const cred2 = await auth.register({ challenge: opt2.challenge, origin: ORIGIN, rpId: RP_ID });
    const late = adminApp({ now: () => T0 + 120_000 });
    expect((await late(`/admin/undangan/${c.token}`, post({ credential: JSON.stringify(cred2) }, { cookie: cookieOf(o2, "binjol_pk")! }))).status).toBe(404);
  });

  it("refuse a registration made for another origin", async () => {
    const { id, token } = await newInvite();
    const { res, session } = await registerByInvite(call, token, await fakeAuthenticator(), "x", "https://binjol.test.evil.example");
    expect(res.status).toBe(400);
    expect(session).toBeUndefined();
    expect(await passkeyRows(id)).toHaveLength(0);
    // the invite is still unused
    expect((await call(`/admin/undangan/${token}`)).status).toBe(200);
  });
});

describe("passkey sign-in", () => {
  const call = adminApp({ now: () => T0 });

  async function registered(opts: { counter?: number } = {}) {
    const { id, token } = await newInvite();
    const auth = await fakeAuthenticator(opts);
    const { res } = await registerByInvite(call, token, auth);
    expect(res.status).toBe(200);
    return { id, auth };
  }

  it("signs in with a registered passkey (a session like a password's, last use stored) and goes to `next`", async () => {
    const { id, auth } = await registered();
    const { res, session } = await signIn(call, auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual({ redirect: "/admin/pengaturan" });
    const raw = res.headers.getSetCookie().find((h) => h.startsWith("__Host-binjol_admin="))!;
    expect(raw).toMatch(/; Secure/i);
    expect(raw).toMatch(/; HttpOnly/i);
    expect(raw).toMatch(/; SameSite=Strict/i);
    const inbox = await call("/admin", { headers: { cookie: session! } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain("Bu Ratna");
    const [row] = await passkeyRows(id);
    expect(row!.last_used_at).toBe(T0);
    const page = await (await call("/admin/pengaturan", { headers: { cookie: session! } })).text();
    expect(page).not.toContain("Belum pernah");
  });

  it("keeps the signature counter and refuses a counter that does not grow", async () => {
    const { id, auth } = await registered({ counter: 5 });
    expect((await signIn(call, auth)).res.status).toBe(200);
    expect((await passkeyRows(id))[0]!.counter).toBe(6);
    expect((await signIn(call, auth)).res.status).toBe(200);
    expect((await passkeyRows(id))[0]!.counter).toBe(7);
    const stale = await signIn(call, auth, { counter: 7 });
    expect(stale.res.status).toBe(401);
    expect(stale.session).toBeUndefined();
  });

  it("uses a challenge once: the same assertion posted again is refused", async () => {
    const { auth } = await registered();
    const first = await signIn(call, auth);
    expect(first.res.status).toBe(200);
    const replay = await call("/admin/passkey/masuk", post({ credential: JSON.stringify(first.assertion) }, { cookie: first.pk, ip: first.ip }));
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: expect.stringContaining("Waktu masuk habis") });
  });

  it("refuses an assertion made for another origin, a post from another site, a bad signature, and an expired challenge", async () => {
    const { auth } = await registered();
    const evil = await signIn(call, auth, { origin: "https://evil.example" });
    expect(evil.res.status).toBe(401);
    expect(evil.session).toBeUndefined();
    expect((await signIn(call, auth, { postOrigin: "https://evil.example" })).res.status).toBe(403);
    const forged = await signIn(call, auth, {
      tamper: (a) => {
        const sig = a.response.signature;
        a.response.signature = sig.slice(0, 20) + (sig[20] === "A" ? "B" : "A") + sig.slice(21);
      },
    });
    expect(forged.res.status).toBe(401);
    // the key itself still works
    expect((await signIn(call, auth)).res.status).toBe(200);
    // last (the throttle's clock must not run backwards): a challenge answered after 6 minutes
    const late = await signIn(call, auth, { later: adminApp({ now: () => T0 + 6 * 60_000 }) });
    expect(late.res.status).toBe(401);
    expect(await late.res.json()).toMatchObject({ error: expect.stringContaining("Waktu masuk habis") });
  });

  it("refuses an unknown key and one of a disabled account", async () => {
    expect((await signIn(call, await fakeAuthenticator())).res.status).toBe(401);
    const { id, auth } = await registered();
    await env.DB.prepare("update counsellors set disabled_at = ? where id = ?").bind(T0, id).run();
    expect((await signIn(call, auth)).res.status).toBe(401);
  });
});

describe("the settings page", () => {
  const call = adminApp({ now: () => T0 });

  async function withSession() {
    const { id, token } = await newInvite();
    const auth = await fakeAuthenticator();
    const { session } = await registerByInvite(call, token, auth, "Ponsel");
    const page = await (await call("/admin/pengaturan", { headers: { cookie: session! } })).text();
    const csrf = page.match(/name="_csrf" value="([^"]+)"/)![1]!;
    return { id, auth, session: session!, csrf };
  }

  it("adds a second passkey (CSRF token needed), lists both with name and dates", async () => {
    const { id, session, csrf } = await withSession();
    expect((await call("/admin/pengaturan/passkey/opsi", post({}, { cookie: session }))).status).toBe(403);
    const o = await call("/admin/pengaturan/passkey/opsi", post({ _csrf: csrf }, { cookie: session }));
    expect(o.status).toBe(200);
    const { options } = (await o.json()) as { options: { challenge: string; excludeCredentials: unknown[] } };
    expect(options.excludeCredentials).toHaveLength(1);
    const second = await fakeAuthenticator();
    const credential = await second.register({ challenge: options.challenge, origin: ORIGIN, rpId: RP_ID });
    const cookie = `${session}; ${cookieOf(o, "binjol_pk")!}`;
    const res = await call("/admin/pengaturan/passkey", post({ _csrf: csrf, name: "  Kunci   keamanan  ", credential: JSON.stringify(credential) }, { cookie }));
    expect(res.status).toBe(200);
    const page = await (await call("/admin/pengaturan", { headers: { cookie: session } })).text();
    expect(page).toContain("Ponsel");
    expect(page).toContain("Kunci keamanan");
    expect(page).toContain("15 Jan 2030");
    expect(await passkeyRows(id)).toHaveLength(2);
    // the same credential again is refused
    const o2 = await call("/admin/pengaturan/passkey/opsi", post({ _csrf: csrf }, { cookie: session }));
    const { options: opt2 } = (await o2.json()) as { options: { challenge: string } };
    const dup = await second.register({ challenge: opt2.challenge, origin: ORIGIN, rpId: RP_ID });
    const res2 = await call("/admin/pengaturan/passkey", post({ _csrf: csrf, credential: JSON.stringify(dup) }, { cookie: `${session}; ${cookieOf(o2, "binjol_pk")!}` }));
    expect(res2.status).toBe(400);
    expect(await passkeyRows(id)).toHaveLength(2);
  });

  it("revokes a passkey (CSRF token needed, own keys only); a revoked key no longer signs in", async () => {
    const { id, auth, session, csrf } = await withSession();
    const [row] = await passkeyRows(id);
    expect((await call(`/admin/pengaturan/passkey/${row!.id}/cabut`, post({}, { cookie: session }))).status).toBe(403);
    // another counsellor cannot revoke it
    const other = await withSession();
    const foreign = await call(`/admin/pengaturan/passkey/${row!.id}/cabut`, post({ _csrf: other.csrf }, { cookie: other.session }));
    expect(foreign.headers.get("location")).toBe("/admin/pengaturan?err=not-found");
    expect((await signIn(call, auth)).res.status).toBe(200);

    const res = await call(`/admin/pengaturan/passkey/${row!.id}/cabut`, post({ _csrf: csrf }, { cookie: session }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/pengaturan?ok=revoked");
    expect((await passkeyRows(id))[0]!.revoked_at).toBe(T0);
    const page = await (await call("/admin/pengaturan?ok=revoked", { headers: { cookie: session } })).text();
    expect(page).toContain("Passkey dicabut");
    expect(page).not.toContain("Ponsel");
    const refused = await signIn(call, auth);
    expect(refused.res.status).toBe(401);
    expect(refused.session).toBeUndefined();
    // revoking twice says not found
    const twice = await call(`/admin/pengaturan/passkey/${row!.id}/cabut`, post({ _csrf: csrf }, { cookie: session }));
    expect(twice.headers.get("location")).toBe("/admin/pengaturan?err=not-found");
  });
});

describe("passwords, the throttle and Cloudflare Access", () => {
  it("counts passkey failures in the login throttle and answers 429 while it asks for a pause", async () => {
    const seen: Array<{ kind: string; email: string }> = [];
    let wait = 0;
    const throttle: LoginThrottle = {
      async attempt(a) {
        seen.push({ kind: "attempt", email: a.email });
        return wait;
      },
      async succeeded(a) {
        seen.push({ kind: "succeeded", email: a.email });
      },
    };
    const call = adminApp({ now: () => T0, throttle: () => throttle });
    const { email, token } = await newInvite();
    const auth = await fakeAuthenticator();
    await registerByInvite(call, token, auth);
    expect((await signIn(call, auth, { origin: "https://evil.example" })).res.status).toBe(401);
    expect((await signIn(call, auth)).res.status).toBe(200);
    expect(seen).toStrictEqual([
      { kind: "attempt", email },
      { kind: "attempt", email },
      { kind: "succeeded", email },
    ]);
    wait = 60;
    const slowed = await signIn(call, auth);
    expect(slowed.res.status).toBe(429);
    expect(slowed.res.headers.get("retry-after")).toBe("60");
    expect(slowed.session).toBeUndefined();
  });

  it("slows passkey guessing with the real D1 throttle after the free failures", async () => {
    const call = adminApp({ now: () => T0 });
    const ip = freshIp();
    const stranger = await fakeAuthenticator();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(call, stranger, { ip })).res.status);
    expect(statuses).toStrictEqual([401, 401, 401, 401, 401, 429]);
  });

  it("password_disabled refuses the right password while passkeys still sign in", async () => {
    const call = adminApp({ now: () => T0 });
    const { email, token } = await newInvite();
    const auth = await fakeAuthenticator();
    await registerByInvite(call, token, auth);
    const password = "kata-sandi-rahasia";
    const loginWith = async () => {
      const ip = freshIp();
      const page = await call("/admin/login", { headers: { "cf-connecting-ip": ip } });
      const html = await page.text();
      expect(html).toContain("Masuk dengan passkey");
      const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1]!;
      const loginCookie = cookieOf(page, "binjol_login")!;
      return call("/admin/login", post({ _csrf: csrf, email, password }, { cookie: loginCookie, ip }));
    };
    expect((await loginWith()).status).toBe(303);
    await setPasswordLogin(db(), email, false);
    expect((await loginWith()).status).toBe(401);
    expect((await signIn(call, auth)).res.status).toBe(200);
    await setPasswordLogin(db(), email, true);
    expect((await loginWith()).status).toBe(303);
  });

  it("with Cloudflare Access configured, passkey sign-in and invites are off (Access wins)", async () => {
    const call = adminApp({ now: () => T0 }, { CF_ACCESS_TEAM_DOMAIN: "https://disnaker.cloudflareaccess.com/", CF_ACCESS_AUD: "aud-123" });
    expect((await call("/admin/passkey/opsi", post({}))).status).toBe(404);
    expect((await call("/admin/passkey/masuk", post({ credential: "{}" }))).status).toBe(404);
    const { token } = await newInvite();
    const invite = await call(`/admin/undangan/${token}`);
    expect(invite.status).toBe(404);
    expect(await invite.text()).toContain("Cloudflare Access");
    expect((await call(`/admin/undangan/${token}/opsi`, post({}))).status).toBe(404);
    // and the settings page needs an Access identity like every other page
    expect((await call("/admin/pengaturan")).status).toBe(403);
  });

  it("answers malformed credentials with 400, never 500", async () => {
    const call = adminApp({ now: () => T0 });
    for (const credential of ["", "not json", "{}", JSON.stringify({ id: "x", rawId: "x", type: "public-key", response: {} })]) {
      const res = await call("/admin/passkey/masuk", post({ credential }, { ip: freshIp() }));
      expect(res.status, credential).toBe(400);
    }
    const res = await call("/admin/passkey/masuk", post({ credential: JSON.stringify({ id: "x", rawId: "x", type: "public-key", response: { clientDataJSON: "!!" } }) }, { ip: freshIp() }));
    expect(res.status).toBe(401);
    // the reason is the sign-in message, as JSON for passkey.js; a credential over 16 KiB or a body that is no form
    const long = await call("/admin/passkey/masuk", post({ credential: "x".repeat(16_385) }, { ip: freshIp() }));
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ error: expect.any(String) });
    const json = await call("/admin/passkey/masuk", { method: "POST", headers: { "Content-Type": "application/json", Origin: ORIGIN }, body: "{}" });
    expect(json.status).toBe(415);
  });
});

// Types only: the fake authenticator produces what the library expects.
export type _Check = [RegistrationResponseJSON, AuthenticationResponseJSON];
