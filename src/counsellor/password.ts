/**
 * Counsellor password hashes: PBKDF2-SHA256 with a per-user salt, stored as
 * "pbkdf2$<iterations>$<salt b64>$<hash b64>". Web Crypto only, so the Worker and the node CLI share it.
 */

/** Iterations for new hashes; 100,000 is also the most workerd's PBKDF2 accepts. */
export const PBKDF2_ITERATIONS = 100_000;
/** Shortest password the CLI accepts. */
export const MIN_PASSWORD_LENGTH = 10;

const SALT_BYTES = 16;
const HASH_BITS = 256;

/** Hash a password with a fresh random salt. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `pbkdf2$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** True when `password` matches the stored hash; a malformed or unsupported hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  let actual: Uint8Array;
  try {
    actual = await derive(password, parsed.salt, parsed.iterations);
  } catch {
    return false;
  }
  return constantTimeEqual(actual, parsed.hash);
}

/** A well-formed hash of a random password, to spend the same time when the account does not exist. */
export const DUMMY_HASH = "pbkdf2$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

function parseHash(stored: string): { iterations: number; salt: Uint8Array; hash: Uint8Array } | undefined {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== "pbkdf2") return undefined;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return undefined;
  try {
    const salt = fromBase64(parts[2]!);
    const hash = fromBase64(parts[3]!);
    if (salt.length < 8 || hash.length !== HASH_BITS / 8) return undefined;
    return { iterations, salt, hash };
  } catch {
    return undefined;
  }
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

/** Compare two byte strings in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
