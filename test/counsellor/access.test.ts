/** Cloudflare Access: an RS256 JWT from the team identifies the counsellor (a local key pair, certs fetch mocked). */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AccessError, accessConfig, forgetAccessCerts, verifyAccessJwt } from "../../src/counsellor/access.ts";
import { adminApp, createCounsellor, form, uniqueEmail } from "./helpers.ts";

const TEAM = "disnaker-blitar.cloudflareaccess.com";
const AUD = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";
const config = { teamDomain: TEAM, aud: AUD };
const NOW = Date.UTC(2026, 10, 23, 3);

let signer: CryptoKey;
let intruder: CryptoKey;
let certs: { keys: JsonWebKey[] };
let fetches = 0;

const b64url = (bytes: Uint8Array | string) => {
  const raw = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let s = "";
  for (const b of raw) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

async function jwt(claims: Record<string, unknown>, opts: { key?: CryptoKey; kid?: string; alg?: string } = {}): Promise<string> {
  const header = b64url(JSON.stringify({ alg: opts.alg ?? "RS256", kid: opts.kid ?? "k1", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({ aud: [AUD], iss: `https://${TEAM}`, iat: NOW / 1000 - 10, nbf: NOW / 1000 - 10, exp: NOW / 1000 + 3600, type: "app", ...claims }),
  );
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", opts.key ?? signer, new TextEncoder().encode(`${header}.${payload}`));
  return `${header}.${payload}.${b64url(new Uint8Array(sig))}`;
}

const fetchCerts = async (url: string) => {
  fetches++;
  expect(url).toBe(`https://${TEAM}/cdn-cgi/access/certs`);
  return new Response(JSON.stringify(certs), { headers: { "content-type": "application/json" } });
};

const call = adminApp({ now: () => NOW, fetchCerts }, { CF_ACCESS_TEAM_DOMAIN: `https://${TEAM}/`, CF_ACCESS_AUD: AUD });

beforeAll(async () => {
  const gen = () =>
    crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
  const a = await gen();
  const b = await gen();
  signer = a.privateKey;
  intruder = b.privateKey;
  const pub = (await crypto.subtle.exportKey("jwk", a.publicKey)) as JsonWebKey;
  certs = { keys: [{ ...pub, kid: "k1", alg: "RS256", use: "sig" } as JsonWebKey] };
});

beforeEach(() => forgetAccessCerts());

describe("verifyAccessJwt", () => {
  it("accepts a token signed by the team's key for this application and returns the e-mail", async () => {
    expect(await verifyAccessJwt(await jwt({ email: "Sri@Disnaker.test" }), config, { fetch: fetchCerts, now: NOW })).toEqual({ email: "sri@disnaker.test" });
    expect(accessConfig({ CF_ACCESS_TEAM_DOMAIN: "https://x.cloudflareaccess.com/", CF_ACCESS_AUD: "a" })).toEqual({ teamDomain: "x.cloudflareaccess.com", aud: "a" });
    expect(accessConfig({ CF_ACCESS_TEAM_DOMAIN: "x.cloudflareaccess.com" })).toBeUndefined();
  });

  it("refuses wrong signatures, algorithms, audiences, issuers, times and missing e-mail", async () => {
    const refused: Array<[string, Promise<string>]> = [
      ["bad signature", jwt({ email: "a@b.c" }, { key: intruder })],
      ["unexpected algorithm", jwt({ email: "a@b.c" }, { alg: "HS256" })],
      ["unknown key id", jwt({ email: "a@b.c" }, { kid: "k9" })],
      ["wrong audience", jwt({ email: "a@b.c", aud: ["another-app"] })],
      ["wrong issuer", jwt({ email: "a@b.c", iss: "https://evil.cloudflareaccess.com" })],
      ["expired", jwt({ email: "a@b.c", exp: NOW / 1000 - 120 })],
      ["not yet valid", jwt({ email: "a@b.c", nbf: NOW / 1000 + 600 })],
      ["no e-mail claim", jwt({})],
    ];
    for (const [reason, token] of refused) {
      await expect(verifyAccessJwt(await token, config, { fetch: fetchCerts, now: NOW }), reason).rejects.toThrow(new AccessError(reason));
    }
    await expect(verifyAccessJwt("a.b", config, { fetch: fetchCerts, now: NOW })).rejects.toThrow(AccessError);
    const unsigned = (await jwt({ email: "a@b.c" })).split(".").slice(0, 2).join(".") + ".";
    await expect(verifyAccessJwt(unsigned, config, { fetch: fetchCerts, now: NOW })).rejects.toThrow(AccessError);
  });

  it("caches the certs, and a failing certs endpoint refuses instead of crashing", async () => {
    fetches = 0;
    for (let i = 0; i < 3; i++) await verifyAccessJwt(await jwt({ email: "a@b.c" }), config, { fetch: fetchCerts, now: NOW });
    expect(fetches).toBe(1);
    forgetAccessCerts();
    await expect(verifyAccessJwt(await jwt({ email: "a@b.c" }), config, { fetch: async () => new Response("down", { status: 502 }), now: NOW })).rejects.toThrow(AccessError);
  });
});

describe("the dashboard behind Cloudflare Access", () => {
  it("identifies an active counsellor by the JWT e-mail, with a session carrying the CSRF token", async () => {
    const email = uniqueEmail();
    const id = await createCounsellor({ email, name: "Bu Access" });
    const token = await jwt({ email });
    const res = await call("/admin", { headers: { "Cf-Access-Jwt-Assertion": token } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Bu Access");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-binjol_admin="))!.split(";")[0]!;
    const csrf = page.match(/name="_csrf" value="([^"]+)"/)![1]!;
    // The next request reuses the session; posts need the JWT and the CSRF token.
    const again = await call("/admin", { headers: { "Cf-Access-Jwt-Assertion": token, cookie } });
    expect(again.headers.getSetCookie()).toEqual([]);
    const out = form({ cookie, csrf }, {});
    (out.headers as Record<string, string>)["Cf-Access-Jwt-Assertion"] = token;
    const logout = await call("/admin/logout", out);
    expect(logout.headers.get("location")).toBe("/cdn-cgi/access/logout");
    const sessions = await env.DB.prepare("select count(*) as n from counsellor_sessions where counsellor_id = ?").bind(id).first<{ n: number }>();
    expect(sessions!.n).toBe(0);
  });

  it("refuses requests without a valid JWT, or for an unknown or disabled counsellor, and a session cookie alone", async () => {
    const email = uniqueEmail();
    await createCounsellor({ email });
    const disabled = uniqueEmail();
    await createCounsellor({ email: disabled, disabled: true });
    const ok = await call("/admin", { headers: { "Cf-Access-Jwt-Assertion": await jwt({ email }) } });
    const cookie = ok.headers.getSetCookie()[0]!.split(";")[0]!;
    const cases: Array<Record<string, string>> = [
      {},
      { cookie },
      { "Cf-Access-Jwt-Assertion": await jwt({ email }, { key: intruder }) },
      { "Cf-Access-Jwt-Assertion": await jwt({ email: uniqueEmail("orang-lain") }) },
      { "Cf-Access-Jwt-Assertion": await jwt({ email: disabled }) },
    ];
    for (const headers of cases) {
      const res = await call("/admin", { headers });
      expect(res.status, JSON.stringify(Object.keys(headers))).toBe(403);
      expect(await res.text()).toContain("Akses ditolak");
    }
  });

  it("turns password login off", async () => {
    const res = await call("/admin/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a&password=b" });
    expect(res.status).toBe(404);
    expect(await (await call("/admin/login")).text()).toContain("Cloudflare Access");
  });
});
