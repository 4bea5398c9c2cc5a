/** Meta's webhook signature (X-Hub-Signature-256) and the handshake token, both compared in constant time. */

const encoder = new TextEncoder();

/** "sha256=<hex>" of the raw body with the app secret, as Meta signs every webhook POST. */
export async function signBody(appSecret: string, rawBody: ArrayBuffer | Uint8Array | string): Promise<string> {
  const key = await hmacKey(appSecret);
  const data = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** True when `header` is the body's signature; the comparison of the MAC takes the same time whatever differs. */
export async function verifySignature(appSecret: string, rawBody: ArrayBuffer, header: string | undefined): Promise<boolean> {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match) return false;
  const given = hexBytes(match[1]!);
  // crypto.subtle.verify recomputes the HMAC and compares it in constant time.
  return crypto.subtle.verify("HMAC", await hmacKey(appSecret), given, rawBody);
}

/** Constant-time equality of two strings (the handshake's hub.verify_token); empty never matches. */
export function sameToken(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  if (a.length === 0 || b.length === 0) return false;
  // Compare equal-length buffers so the time does not reveal the expected length either.
  const left = new Uint8Array(b.length);
  left.set(a.subarray(0, b.length));
  return crypto.subtle.timingSafeEqual(left, b) && a.length === b.length;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
