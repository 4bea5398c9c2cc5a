/**
 * Counsellor passkeys in Debian's headless Chromium with a virtual authenticator (DevTools protocol WebAuthn domain:
 * ctap2, internal transport, resident keys, user verification) against the real Worker (`wrangler dev`, local D1/KV):
 * an admin's invite link from the CLI → register a passkey without a password → sign out → sign in with the passkey →
 * an assertion presented under another origin is refused → revoke the passkey on the settings page → signing in with
 * it fails.
 *
 * The dashboard is opened as http://localhost:<port>: WebAuthn needs a host name as RP ID (an IP address is refused by
 * the browser) and treats localhost as a secure context, as it does for the __Host- cookies.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, launchBrowser } from "./helpers.ts";

const EMAIL = "rina.kusuma@disnaker.test";
const NAME = "Rina Kusuma";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const bin = (name: string) => join(process.cwd(), "node_modules", ".bin", name);

let persist: string;
let worker: ChildProcess;
let port: number;
let base: string;
let invite: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
/** uncaught errors and CSP violations on dashboard pages */
const problems: string[] = [];

function d1(sql: string): Array<Record<string, unknown>> {
  const out = execFileSync(bin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", "--command", sql], { env, encoding: "utf8" });
  return (JSON.parse(out) as Array<{ results: Array<Record<string, unknown>> }>)[0]!.results;
}

async function sessionCookie(): Promise<string | undefined> {
  return (await context.cookies(base)).find((c) => c.name === "__Host-binjol_admin")?.value;
}

beforeAll(async () => {
  persist = mkdtempSync(join(tmpdir(), "binjol-passkeys-"));
  execFileSync(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  execFileSync(process.execPath, ["scripts/content.ts", "sync", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  port = await freePort();
  base = `http://localhost:${port}`;
  // The account and its one-time link are made exactly as an administrator would: with the CLI.
  const cli = execFileSync(process.execPath, ["scripts/counsellor.ts", "invite", EMAIL, NAME, "--persist-to", persist, "--base-url", base], { env, encoding: "utf8" });
  expect(cli).toContain(`Added ${NAME}`);
  invite = cli.match(/http:\/\/localhost:\d+\/admin\/undangan\/[A-Za-z0-9_-]{43}/)![0];
  worker = spawn(
    bin("wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false", "--var", `ALLOWED_ORIGINS:${base}`],
    { env, stdio: "ignore" },
  );
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 120 || worker.exitCode !== null) throw new Error("wrangler dev did not start");
    await new Promise((r) => setTimeout(r, 500));
  }

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("dialog", (d) => void d.accept());
  cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  }));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once("exit", r));
    worker.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  if (persist && existsSync(persist)) rmSync(persist, { recursive: true, force: true });
});

describe("counsellor passkeys in a browser with a virtual authenticator", () => {
  it("registers a passkey from the CLI's one-time invite link, without a password, and is signed in", async () => {
    await page.goto(invite);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Daftarkan passkey");
    await expect.poll(() => page.locator("main").textContent()).toContain(NAME);
    await page.getByLabel("Nama passkey").fill("Laptop uji");
    await page.getByRole("button", { name: "Daftarkan passkey" }).click();
    await page.waitForURL(`${base}/admin/pengaturan?ok=added`);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Passkey ditambahkan");
    const rows = page.locator("table.passkeys tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Laptop uji");
    expect(await rows.first().textContent()).toContain("Belum pernah");
    expect(await sessionCookie()).toBeTruthy();
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    expect(credentials[0]!.rpId).toBe("localhost");
    // the link was for one use
    const again = await page.request.get(invite);
    expect(again.status()).toBe(404);
  });

  it("signs out, then signs in with the passkey (no e-mail, no password)", async () => {
    await page.getByRole("button", { name: "Keluar" }).click();
    await page.waitForURL(`${base}/admin/login?out=1`);
    expect(await sessionCookie()).toBeUndefined();
    await page.getByRole("button", { name: "Masuk dengan passkey" }).click();
    await page.waitForURL(`${base}/admin`);
    await expect.poll(() => page.locator("nav.top").textContent()).toContain(NAME);
    expect(await sessionCookie()).toBeTruthy();
    const [row] = d1(`select counter, last_used_at from counsellor_passkeys`);
    expect(row!.last_used_at).not.toBeNull();
  });

  it("refuses an assertion of this passkey presented to the dashboard under another origin", async () => {
    // The browser makes a genuine assertion for http://localhost:<port> …
    const assertion = await page.evaluate(async () => {
      const b64u = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const bytes = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4)), (ch) => ch.charCodeAt(0));
      const res = await fetch("/admin/passkey/opsi", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
      const { options } = (await res.json()) as { options: { challenge: string; rpId: string } };
      const c = (await navigator.credentials.get({ publicKey: { challenge: bytes(options.challenge), rpId: options.rpId, userVerification: "preferred" } })) as PublicKeyCredential;
      const r = c.response as AuthenticatorAssertionResponse;
      return JSON.stringify({
        id: c.id,
        rawId: b64u(c.rawId),
        type: c.type,
        clientExtensionResults: {},
        response: { clientDataJSON: b64u(r.clientDataJSON), authenticatorData: b64u(r.authenticatorData), signature: b64u(r.signature) },
      });
    });
    const pk = (await context.cookies(base)).find((c) => c.name === "__Host-binjol_pk")!.value;
    // … and it is posted, with its challenge cookie, to the same Worker reached as http://127.0.0.1:<port>.
    const other = `http://127.0.0.1:${port}`;
    const res = await fetch(`${other}/admin/passkey/masuk`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: other, cookie: `__Host-binjol_pk=${pk}` },
      body: new URLSearchParams({ credential: assertion }).toString(),
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((h) => h.startsWith("__Host-binjol_admin=") && !h.startsWith("__Host-binjol_admin=;"))).toBe(false);
  });

  it("revokes the passkey on the settings page; signing in with it then fails", async () => {
    await page.getByRole("link", { name: "Pengaturan" }).click();
    await page.waitForURL(`${base}/admin/pengaturan`);
    const row = page.locator("table.passkeys tbody tr").first();
    expect(await row.textContent()).toContain("Laptop uji");
    expect(await row.textContent()).not.toContain("Belum pernah");
    await page.getByRole("button", { name: "Cabut passkey Laptop uji" }).click();
    await page.waitForURL(`${base}/admin/pengaturan?ok=revoked`);
    await expect.poll(() => page.locator("main").textContent()).toContain("Passkey dicabut");
    expect(await page.locator("table.passkeys").count()).toBe(0);
    expect(d1(`select revoked_at from counsellor_passkeys`)[0]!.revoked_at).not.toBeNull();

    await page.getByRole("button", { name: "Keluar" }).click();
    await page.waitForURL(`${base}/admin/login?out=1`);
    // the authenticator still holds the key, but the dashboard no longer accepts it
    expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials).toHaveLength(1);
    await page.getByRole("button", { name: "Masuk dengan passkey" }).click();
    await expect.poll(() => page.locator("[data-passkey-status]").textContent()).toContain("Passkey tidak dikenali, sudah dicabut");
    expect(page.url()).toBe(`${base}/admin/login?out=1`);
    expect(await sessionCookie()).toBeUndefined();
    expect((await page.request.get(`${base}/admin`, { maxRedirects: 0 })).status()).toBe(303);
  });

  it("had no script errors or CSP violations", () => {
    expect(problems).toStrictEqual([]);
  });
});
