/** Web-chat session tokens: "<session id>.<256-bit random secret>", only the secret's SHA-256 is stored. */
import { bytesToBase64url } from "../../text/base64url.ts";

/** A new session id and its bearer token. */
export interface NewSession {
  sessionId: string;
  token: string;
  tokenHash: string;
}

/** Create a session id and a token with a 256-bit random secret. */
export async function newSession(): Promise<NewSession> {
  const sessionId = crypto.randomUUID();
  const secret = bytesToBase64url(crypto.getRandomValues(new Uint8Array(32)));
  return { sessionId, token: `${sessionId}.${secret}`, tokenHash: await sha256Hex(secret) };
}

/** Split a bearer token into its session id and the hash of its secret; undefined when malformed. */
export async function parseToken(authorization: string | undefined): Promise<{ sessionId: string; tokenHash: string } | undefined> {
  const m = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(authorization ?? "");
  if (!m) return undefined;
  return { sessionId: m[1]!, tokenHash: await sha256Hex(m[2]!) };
}

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

