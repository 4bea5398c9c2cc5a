/**
 * Discord signs every interaction: X-Signature-Ed25519 is the Ed25519 signature, by the application's key, of
 * X-Signature-Timestamp followed by the raw body. Checked with Web Crypto against DISCORD_PUBLIC_KEY (hex).
 */

/** Interactions whose timestamp is further than this from now are refused (a replayed request). */
export const MAX_SKEW_SECONDS = 5 * 60;

const encoder = new TextEncoder();

/** Why a request was refused, for the 401's message; undefined when the signature checks out. */
export type SignatureProblem = "missing signature" | "malformed signature" | "stale timestamp" | "wrong signature";

/** Check the signature headers of one request; `now` in epoch ms. */
export async function checkSignature(
  publicKeyHex: string,
  rawBody: ArrayBuffer,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  now: number,
): Promise<SignatureProblem | undefined> {
  if (!signatureHex || !timestamp) return "missing signature";
  if (!/^[0-9a-f]{128}$/i.test(signatureHex) || !/^\d{1,12}$/.test(timestamp)) return "malformed signature";
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return "stale timestamp";
  const key = await crypto.subtle.importKey("raw", hexBytes(publicKeyHex), { name: "Ed25519" }, false, ["verify"]);
  const stamp = encoder.encode(timestamp);
  const message = new Uint8Array(stamp.length + rawBody.byteLength);
  message.set(stamp);
  message.set(new Uint8Array(rawBody), stamp.length);
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, hexBytes(signatureHex), message).catch(() => false);
  return ok ? undefined : "wrong signature";
}

/** Hex to bytes (the caller checked the characters). */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
