/** Dashboard access: passwords, login, sessions, CSRF, expiry, disabled accounts, throttling, headers. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "../../src/counsellor/auth.ts";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "../../src/counsellor/password.ts";
import { adminApp, createCounsellor, form, get, html, seedCase, signedIn, uniqueEmail } from "./helpers.ts";

const call = adminApp();

/** GET the login page, then post the credentials with its CSRF token and cookie. */
async function login(email: string, password: string, opts: { ip?: string; csrf?: string | null; app?: typeof call } = {}) {
  const c = opts.app ?? call;
  const page = await c("/admin/login", { headers: { "cf-connecting-ip": opts.ip ?? "192.0.2.1" } });
  const setCookie = page.headers.get("set-cookie") ?? "";
  const loginCookie = setCookie.match(/__Host-binjol_login=([^;]+)/)![1]!;
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
  const body = new URLSearchParams({ email, password });
  if (opts.csrf !== null) body.set("_csrf", opts.csrf ?? csrf);
  return c("/admin/login", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `__Host-binjol_login=${loginCookie}`,
      "cf-connecting-ip": opts.ip ?? "192.0.2.1",
      origin: "https://binjol.test",
    },
    body: body.toString(),
    redirect: "manual",
  });
}

function sessionCookie(res: Response): string | undefined {
  const all = res.headers.getSetCookie();
  const c = all.find((h) => h.startsWith("__Host-binjol_admin="));
  return c?.split(";")[0];
}

async function sessions(counsellorId: number): Promise<number> {
  const row = await env.DB.prepare("select count(*) as n from counsellor_sessions where counsellor_id = ?").bind(counsellorId).first<{ n: number }>();
  return row!.n;
}

describe("password hashes", () => {
  it("are PBKDF2-SHA256 with 100,000 iterations and a per-user salt, and verify only the right password", async () => {
    const a = await hashPassword("kata-sandi-rahasia");
    const b = await hashPassword("kata-sandi-rahasia");
    expect(a).toMatch(/^pbkdf2\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(100_000);
    expect(a).not.toBe(b);
    expect(await verifyPassword("kata-sandi-rahasia", a)).toBe(true);
    expect(await verifyPassword("kata-sandi-rahasiA", a)).toBe(false);
    expect(await verifyPassword("kata-sandi-rahasia", "pbkdf2$100000$bad")).toBe(false);
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});

describe("login", () => {
  it("signs in with the right password: a __Host- cookie that is Secure, HttpOnly, SameSite=Strict; only its hash is stored", async () => {
    const email = uniqueEmail();
    const id = await createCounsellor({ email, password: "benar-sekali-123", name: "Pak Budi" });
    const res = await login(email.toUpperCase(), "benar-sekali-123");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const raw = res.headers.getSetCookie().find((h) => h.startsWith("__Host-binjol_admin="))!;
    expect(raw).toMatch(/; Secure/i);
    expect(raw).toMatch(/; HttpOnly/i);
    expect(raw).toMatch(/; SameSite=Strict/i);
    expect(raw).toMatch(/; Path=\//);
    expect(raw).not.toMatch(/Domain=/i);
    expect(raw).toMatch(/Max-Age=43200/);
    const token = raw.split(";")[0]!.split("=")[1]!;
    const stored = await env.DB.prepare("select id from counsellor_sessions where counsellor_id = ?").bind(id).first<{ id: string }>();
    expect(stored!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.id).not.toContain(token);
    const inbox = await html(call("/admin", { headers: { cookie: raw.split(";")[0]! } }));
    expect(inbox).toContain("Pak Budi");
  });

  it("refuses a wrong password or an unknown account with 401, the same message, and no session", async () => {
    const email = uniqueEmail();
    const id = await createCounsellor({ email, password: "benar-sekali-123" });
    const wrong = await login(email, "salah-sekali-123", { ip: "192.0.2.10" });
    expect(wrong.status).toBe(401);
    const wrongBody = await wrong.text();
    expect(wrongBody).toContain("Email atau kata sandi salah");
    expect(sessionCookie(wrong)).toBeUndefined();
    const unknown = await login(uniqueEmail("tidak-ada"), "benar-sekali-123", { ip: "192.0.2.10" });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain("Email atau kata sandi salah");
    expect(await sessions(id)).toBe(0);
  });

  it("refuses a login post without the login CSRF token or with a wrong one (403)", async () => {
    const email = uniqueEmail();
    const id = await createCounsellor({ email, password: "benar-sekali-123" });
    for (const csrf of [null, "forged-token"]) {
      const res = await login(email, "benar-sekali-123", { csrf, ip: "192.0.2.11" });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Formulir kedaluwarsa");
    }
    expect(await sessions(id)).toBe(0);
  });

  it("refuses a disabled account even with the right password", async () => {
    const email = uniqueEmail();
    const id = await createCounsellor({ email, password: "benar-sekali-123", disabled: true });
    const res = await login(email, "benar-sekali-123", { ip: "192.0.2.12" });
    expect(res.status).toBe(401);
    expect(await sessions(id)).toBe(0);
  });

  it("slows one address after 5 wrong passwords with growing pauses, and lets the right password through from elsewhere", async () => {
    // The security review's M4: five wrong passwords used to lock the account for everyone for 15 minutes.
    let t = Date.UTC(2026, 10, 23, 3);
    const throttled = adminApp({ now: () => t });
    const email = uniqueEmail();
    await createCounsellor({ email, password: "benar-sekali-123" });
    for (let i = 0; i < 5; i++) expect((await login(email, `salah-${i}-abcdef`, { app: throttled, ip: "192.0.2.20" })).status).toBe(401);
    const paused = await login(email, `salah-5-abcdef`, { app: throttled, ip: "192.0.2.20" });
    expect(paused.status).toBe(429);
    expect(paused.headers.get("retry-after")).toBe("30");
    expect(await paused.text()).toContain("coba lagi dalam 30 detik");
    // the sixth wrong password (refused unread) did not stop the right one from another address
    expect((await login(email, "benar-sekali-123", { app: throttled, ip: "198.51.100.21" })).status).toBe(303);
    // the stranger's pauses grow: 30 s, then 60 s
    t += 30_000;
    expect((await login(email, "salah-6-abcdef", { app: throttled, ip: "192.0.2.20" })).status).toBe(401);
    const longer = await login(email, "salah-7-abcdef", { app: throttled, ip: "192.0.2.20" });
    expect(longer.status).toBe(429);
    expect(longer.headers.get("retry-after")).toBe("60");
  });

  it("keeps the counsellor's usual network open while strangers from many addresses are slowed", async () => {
    let t = Date.UTC(2026, 10, 24, 3);
    const throttled = adminApp({ now: () => t });
    const email = uniqueEmail();
    await createCounsellor({ email, password: "benar-sekali-123" });
    expect((await login(email, "benar-sekali-123", { app: throttled, ip: "203.0.113.5" })).status).toBe(303);
    t += 60_000;
    // 12 strangers, 3 wrong passwords each: the account's own counter passes its 10 free failures
    for (let s = 0; s < 12; s++) for (let i = 0; i < 3; i++) await login(email, `salah-${s}-${i}-x`, { app: throttled, ip: `198.18.${s}.9` });
    const stranger = await login(email, "benar-sekali-123", { app: throttled, ip: "198.19.0.1" });
    expect(stranger.status).toBe(429);
    // the office network (same /24, another address of its NAT pool) is not slowed
    expect((await login(email, "benar-sekali-123", { app: throttled, ip: "203.0.113.77" })).status).toBe(303);
  });

  it("counts before it checks: 15 parallel wrong passwords for one account from one address try at most 5", async () => {
    // The security review's L3: 15 parallel attempts gave 9 x 401 (9 passwords tried against a limit of 5).
    const t = Date.UTC(2026, 10, 25, 3);
    const throttled = adminApp({ now: () => t });
    const email = uniqueEmail();
    await createCounsellor({ email, password: "benar-sekali-123" });
    const statuses = await Promise.all(Array.from({ length: 15 }, (_, i) => login(email, `salah-${i}-paralel`, { app: throttled, ip: "192.0.2.30" }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(10);
  });

  it("slows one address trying many accounts after 30 failures, not other addresses", async () => {
    const t = Date.UTC(2026, 10, 26, 3);
    const throttled = adminApp({ now: () => t });
    for (let i = 0; i < 30; i++) await login(uniqueEmail("coba"), "apa-saja-123456", { app: throttled, ip: "198.51.100.7" });
    const other = uniqueEmail();
    await createCounsellor({ email: other, password: "benar-sekali-123" });
    expect((await login(other, "benar-sekali-123", { app: throttled, ip: "198.51.100.7" })).status).toBe(429);
    expect((await login(other, "benar-sekali-123", { app: throttled, ip: "198.51.100.8" })).status).toBe(303);
  });

  it("sends a signed-in counsellor from the login page to the inbox, and keeps `next` inside /admin only", async () => {
    const me = await signedIn();
    const res = await call("/admin/login", get(me));
    expect(res.status).toBe(303);
    const gated = await call("/admin/cases/12?before=5", { redirect: "manual" });
    expect(gated.headers.get("location")).toBe("/admin/login?next=%2Fadmin%2Fcases%2F12%3Fbefore%3D5");
    const page = await html(call("/admin/login?next=https://evil.example/"));
    expect(page).not.toContain("evil.example");
  });
});

describe("sessions", () => {
  it("end after 2 hours idle: the next request goes to the login page and the row is deleted", async () => {
    let t = Date.UTC(2026, 10, 23, 2);
    const clock = adminApp({ now: () => t });
    const me = await signedIn({ at: t });
    t += IDLE_TIMEOUT_MS - 60_000;
    expect((await clock("/admin", get(me))).status).toBe(200);
    t += IDLE_TIMEOUT_MS - 60_000; // still used within the idle limit: last_seen_at moved on
    expect((await clock("/admin", get(me))).status).toBe(200);
    t += IDLE_TIMEOUT_MS + 1;
    const expired = await clock("/admin", get(me));
    expect(expired.status).toBe(303);
    expect(expired.headers.get("location")).toBe("/admin/login?expired=1");
    expect(await sessions(me.id)).toBe(0);
    expect((await clock("/admin", get(me))).headers.get("location")).toBe("/admin/login");
  });

  it("end 12 hours after login however busy", async () => {
    let t = Date.UTC(2026, 10, 23, 1);
    const clock = adminApp({ now: () => t });
    const me = await signedIn({ at: t });
    for (let h = 1; h < 12; h++) {
      t += 3600_000;
      expect((await clock("/admin", get(me))).status).toBe(200);
    }
    t += ABSOLUTE_TIMEOUT_MS - 11 * 3600_000 + 1;
    const res = await clock("/admin", get(me));
    expect(res.headers.get("location")).toBe("/admin/login?expired=1");
    expect(await sessions(me.id)).toBe(0);
  });

  it("end at logout (which needs the CSRF token)", async () => {
    const me = await signedIn();
    expect((await call("/admin/logout", form(me, {}, { csrf: null }))).status).toBe(403);
    expect(await sessions(me.id)).toBe(1);
    const out = await call("/admin/logout", form(me, {}));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/admin/login?out=1");
    expect(out.headers.getSetCookie().join("\n")).toMatch(/__Host-binjol_admin=;.*Max-Age=0/);
    expect(await sessions(me.id)).toBe(0);
    expect((await call("/admin", get(me))).status).toBe(303);
  });

  it("end when the account is disabled", async () => {
    const me = await signedIn();
    expect((await call("/admin", get(me))).status).toBe(200);
    await env.DB.prepare("update counsellors set disabled_at = ? where id = ?").bind(Date.now(), me.id).run();
    const res = await call("/admin", get(me));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/login");
    expect(await sessions(me.id)).toBe(0);
  });

  it("ignore forged or malformed cookies", async () => {
    for (const cookie of ["__Host-binjol_admin=forged", "__Host-binjol_admin=" + "a".repeat(500), "binjol_admin=nope"]) {
      expect((await call("/admin", { headers: { cookie }, redirect: "manual" })).status).toBe(303);
    }
  });
});

describe("CSRF and object access", () => {
  it("refuses a post without the CSRF token, with another session's token, or from another origin (403), writing nothing", async () => {
    const me = await signedIn();
    const other = await signedIn();
    const { caseId } = await seedCase({});
    for (const [csrf, origin] of [[null, undefined], [other.csrf, undefined], ["", undefined], [me.csrf, "https://evil.example"]] as const) {
      const res = await call(`/admin/cases/${caseId}/notes`, form(me, { text: "catatan" }, { csrf, ...(origin ? { origin } : {}) }));
      expect(res.status).toBe(403);
    }
    const notes = await env.DB.prepare("select count(*) as n from case_notes where case_id = ?").bind(caseId).first<{ n: number }>();
    expect(notes!.n).toBe(0);
    const ok = await call(`/admin/cases/${caseId}/notes`, form(me, { text: "catatan" }));
    expect(ok.status).toBe(303);
  });

  it("gives nothing for a guessed case id without a session: pages redirect, posts are refused, no data in the body", async () => {
    const { caseId } = await seedCase({ intake: { need: "rahasia-pencari-kerja" }, texts: ["nomor saya 0812-rahasia"] });
    for (const path of [`/admin/cases/${caseId}`, "/admin", "/admin?view=all", "/admin/stats", "/admin/export.csv", "/admin/stats/topik.svg", "/admin/nope"]) {
      const res = await call(path, { redirect: "manual" });
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location"), path).toMatch(/^\/admin\/login/);
      expect(await res.text()).not.toContain("rahasia");
    }
    for (const action of ["reply", "claim", "assign", "labels", "notes", "close"]) {
      const res = await call(`/admin/cases/${caseId}/${action}`, form(undefined, { text: "x", outcome: "informed", counsellor: "1", labels: "a" }, { csrf: "x" }));
      expect(res.status, action).toBe(401);
      expect(await res.text()).not.toContain("rahasia");
    }
    const row = await env.DB.prepare("select status, labels from cases where id = ?").bind(caseId).first();
    expect(row).toEqual({ status: "waiting", labels: "[]" });
  });

  it("asks a link followed from another site (no SameSite=Strict cookie) to continue with a same-site click, showing no data", async () => {
    const { caseId } = await seedCase({ texts: ["rahasia-lintas-situs"] });
    const res = await call(`/admin/cases/${caseId}`, { headers: { "Sec-Fetch-Site": "cross-site" }, redirect: "manual" });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`href="/admin/cases/${caseId}"`);
    expect(page).toContain("Lanjutkan");
    expect(page).not.toContain("rahasia");
  });

  it("answers an unknown case id with 404 to a signed-in counsellor", async () => {
    const me = await signedIn();
    expect((await call("/admin/cases/999999999", get(me))).status).toBe(404);
    expect((await call("/admin/cases/abc", get(me))).status).toBe(404);
    expect((await call("/admin/cases/999999999/notes", form(me, { text: "x" }))).status).toBe(404);
  });
});

describe("security headers", () => {
  it("send a strict CSP without inline script or style, no framing, and no-store on pages with personal data", async () => {
    const me = await signedIn();
    const { caseId } = await seedCase({});
    for (const path of ["/admin", `/admin/cases/${caseId}`, "/admin/stats", "/admin/login"]) {
      const res = await call(path, get(path === "/admin/login" ? undefined : me));
      const csp = res.headers.get("content-security-policy")!;
      expect(csp, path).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      const body = await res.text();
      expect(body).not.toMatch(/<script>|<style>|\sstyle="|\son[a-z]+="/i);
    }
    const css = await call("/admin/app.css");
    expect(css.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(css.headers.get("content-type")).toMatch(/text\/css/);
    expect(css.headers.get("cache-control")).toMatch(/immutable/);
  });
});
