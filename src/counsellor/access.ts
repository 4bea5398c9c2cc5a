/**
 * Cloudflare Access: when the dashboard sits behind an Access application, the JWT Access adds to every
 * request (Cf-Access-Jwt-Assertion) identifies the counsellor. Verified here with RS256 against the
 * team's public keys; the certs fetch is a dependency so tests run with a local key pair.
 */

/** The Access application the dashboard trusts. */
export interface AccessConfig {
  /** e.g. "disnaker.cloudflareaccess.com" (a scheme or trailing slash is tolerated) */
  teamDomain: string;
  /** the application's Audience (AUD) tag */
  aud: string;
}

/** Settings read by the dashboard besides the Worker's own Env. */
export interface AccessEnv {
  /** Cloudflare Access team domain, e.g. disnaker.cloudflareaccess.com; with CF_ACCESS_AUD enables Access login */
  CF_ACCESS_TEAM_DOMAIN?: string;
  /** Audience (AUD) tag of the Access application protecting /admin */
  CF_ACCESS_AUD?: string;
}

/** How the certs are fetched (the global fetch in production, a stub in tests). */
export type CertsFetch = (url: string) => Promise<Response>;

/** A JWT that cannot be trusted; the message says why, for logs only. */
export class AccessError extends Error {
  override readonly name = "AccessError";
}

/** The header Access sets on requests to the origin. */
export const ACCESS_HEADER = "Cf-Access-Jwt-Assertion";
/** Clock skew tolerated on exp and nbf. */
export const CLOCK_SKEW_S = 60;
/** How long fetched certs are trusted before they are fetched again. */
export const CERTS_TTL_MS = 3600_000;

/** The Access settings, or undefined when Access login is off (both variables are needed). */
export function accessConfig(env: AccessEnv): AccessConfig | undefined {
  const team = env.CF_ACCESS_TEAM_DOMAIN?.trim();
  const aud = env.CF_ACCESS_AUD?.trim();
  if (!team || !aud) return undefined;
  return { teamDomain: team.replace(/^https?:\/\//, "").replace(/\/+$/, ""), aud };
}

interface CachedKeys {
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
}

// Deliberate per-isolate cache of imported public keys, per team domain.
const certsCache = new Map<string, CachedKeys>();

/** Forget cached certs (tests, key rotation). */
export function forgetAccessCerts(): void {
  certsCache.clear();
}

/** Verify an Access JWT and return the identity's e-mail address (lower-cased). Throws AccessError. */
export async function verifyAccessJwt(
  token: string,
  config: AccessConfig,
  deps: { fetch?: CertsFetch; now?: number } = {},
): Promise<{ email: string }> {
  const now = deps.now ?? Date.now();
  const parts = token.split(".");
  if (parts.length !== 3) throw new AccessError("not a JWT");
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h) as { alg?: unknown; kid?: unknown };
  if (header.alg !== "RS256") throw new AccessError("unexpected algorithm");
  if (typeof header.kid !== "string") throw new AccessError("no key id");
  const key = await publicKey(config.teamDomain, header.kid, deps.fetch ?? ((url) => fetch(url)), now);
  const valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, base64UrlBytes(s), new TextEncoder().encode(`${h}.${p}`));
  if (!valid) throw new AccessError("bad signature");
  const claims = decodeJson(p) as { aud?: unknown; iss?: unknown; exp?: unknown; nbf?: unknown; email?: unknown };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(config.aud)) throw new AccessError("wrong audience");
  if (claims.iss !== `https://${config.teamDomain}`) throw new AccessError("wrong issuer");
  const nowS = now / 1000;
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_S < nowS) throw new AccessError("expired");
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_SKEW_S > nowS) throw new AccessError("not yet valid");
  if (typeof claims.email !== "string" || !claims.email.includes("@")) throw new AccessError("no e-mail claim");
  return { email: claims.email.trim().toLowerCase() };
}

async function publicKey(teamDomain: string, kid: string, fetchCerts: CertsFetch, now: number): Promise<CryptoKey> {
  let cached = certsCache.get(teamDomain);
  // An unknown kid after a minute means the team rotated its keys: fetch again.
  const stale = !cached || now - cached.fetchedAt > CERTS_TTL_MS || (!cached.keys.has(kid) && now - cached.fetchedAt > 60_000);
  if (stale) {
    cached = { keys: await fetchKeys(teamDomain, fetchCerts), fetchedAt: now };
    certsCache.set(teamDomain, cached);
  }
  const key = cached!.keys.get(kid);
  if (!key) throw new AccessError("unknown key id");
  return key;
}

async function fetchKeys(teamDomain: string, fetchCerts: CertsFetch): Promise<Map<string, CryptoKey>> {
  let body: { keys?: Array<JsonWebKey & { kid?: string }> };
  try {
    const res = await fetchCerts(`https://${teamDomain}/cdn-cgi/access/certs`);
    if (!res.ok) throw new AccessError(`certs answered ${res.status}`);
    body = (await res.json()) as typeof body;
  } catch (err) {
    if (err instanceof AccessError) throw err;
    throw new AccessError("certs could not be fetched");
  }
  const keys = new Map<string, CryptoKey>();
  for (const jwk of body.keys ?? []) {
    if (jwk.kty !== "RSA" || typeof jwk.kid !== "string") continue;
    const { kty, n, e } = jwk;
    keys.set(jwk.kid, await crypto.subtle.importKey("jwk", { kty, n, e, alg: "RS256", ext: true }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]));
  }
  return keys;
}

function decodeJson(part: string): unknown {
  try {
    const value = JSON.parse(new TextDecoder().decode(base64UrlBytes(part))) as unknown;
    if (typeof value !== "object" || value === null) throw new Error("not an object");
    return value;
  } catch {
    throw new AccessError("malformed JWT");
  }
}

function base64UrlBytes(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new AccessError("malformed JWT");
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
