/**
 * Counsellor passkeys (WebAuthn) with @simplewebauthn/server: registration after sign-in or from a one-time invite
 * link, discoverable sign-in, a list to revoke from. The library is imported lazily inside the ceremonies, so seeker
 * requests never load it.
 *
 * A challenge lives a few minutes in D1 (passkey_challenges), bound to the browser by a __Host- cookie whose SHA-256
 * is the row id, and is deleted when used: an assertion cannot be replayed, and no KV write is spent per sign-in.
 * The expected origin and RP ID are those of the request (the dashboard's own origin): an assertion made for any other
 * origin is refused.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { and, asc, desc, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { counsellorInvites, counsellorPasskeys, counsellors, passkeyChallenges } from "../db/schema.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import { base64urlToBytes, bytesToBase64url } from "../text/base64url.ts";

/** Cookie binding a ceremony to the browser that asked for its challenge (__Host- prefixed). */
export const PASSKEY_COOKIE = "binjol_pk";
/** How long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** How long an invite link works unless told otherwise. */
export const INVITE_TTL_MS = 24 * 3600_000;
/** Passkeys per counsellor (active ones). */
export const MAX_PASSKEYS = 20;
/** Longest label. */
export const MAX_NAME = 60;

/** Where the ceremony happens: this dashboard's origin and its host name as RP ID. */
export interface RelyingParty {
  origin: string;
  rpId: string;
  name: string;
}

/** The relying party of a request URL. */
export function relyingParty(url: string): RelyingParty {
  const u = new URL(url);
  return { origin: u.origin, rpId: u.hostname, name: "BINJOL Petugas" };
}

/** A passkey as the settings page lists it. */
export interface PasskeyRow {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The counsellor's active passkeys, newest first. */
export async function listPasskeys(db: Db, counsellorId: number): Promise<PasskeyRow[]> {
  return db
    .select({ id: counsellorPasskeys.id, name: counsellorPasskeys.name, createdAt: counsellorPasskeys.createdAt, lastUsedAt: counsellorPasskeys.lastUsedAt })
    .from(counsellorPasskeys)
    .where(and(eq(counsellorPasskeys.counsellorId, counsellorId), isNull(counsellorPasskeys.revokedAt)))
    .orderBy(desc(counsellorPasskeys.createdAt), desc(counsellorPasskeys.id));
}

/** Revoke one of the counsellor's own passkeys; false when there is no such active passkey. */
export async function revokePasskey(db: Db, counsellorId: number, passkeyId: number, now: number): Promise<boolean> {
  const rows = await db
    .update(counsellorPasskeys)
    .set({ revokedAt: now })
    .where(and(eq(counsellorPasskeys.id, passkeyId), eq(counsellorPasskeys.counsellorId, counsellorId), isNull(counsellorPasskeys.revokedAt)))
    .returning({ id: counsellorPasskeys.id });
  return rows.length > 0;
}

/** Create a one-time invite link token for an account; only its hash is stored. */
export async function createInvite(db: Db, counsellorId: number, now: number, ttlMs = INVITE_TTL_MS): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const expiresAt = now + ttlMs;
  await db.batch([
    db.delete(counsellorInvites).where(lt(counsellorInvites.expiresAt, now)),
    db.insert(counsellorInvites).values({ id: await sha256Hex(token), counsellorId, createdAt: now, expiresAt }),
  ]);
  return { token, expiresAt };
}

/** The account an unused, unexpired invite token is for. */
export async function inviteAccount(db: Db, token: string, now: number): Promise<{ inviteId: string; counsellorId: number; email: string; name: string } | undefined> {
  if (!token || token.length > 100) return undefined;
  const inviteId = await sha256Hex(token);
  const [row] = await db
    .select({ counsellorId: counsellors.id, email: counsellors.email, name: counsellors.name })
    .from(counsellorInvites)
    .innerJoin(counsellors, eq(counsellors.id, counsellorInvites.counsellorId))
    .where(and(eq(counsellorInvites.id, inviteId), isNull(counsellorInvites.usedAt), gt(counsellorInvites.expiresAt, now), isNull(counsellors.disabledAt)))
    .limit(1);
  return row ? { inviteId, ...row } : undefined;
}

/** Mark an invite used; false when it was already used or has expired (so two tabs cannot both use it). */
async function consumeInvite(db: Db, inviteId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(counsellorInvites)
    .set({ usedAt: now })
    .where(and(eq(counsellorInvites.id, inviteId), isNull(counsellorInvites.usedAt), gt(counsellorInvites.expiresAt, now)))
    .returning({ id: counsellorInvites.id });
  return rows.length > 0;
}

/** Store a challenge for the browser holding `cookieToken`; expired challenges are swept in the same batch. */
async function saveChallenge(
  db: Db,
  cookieToken: string,
  row: { challenge: string; purpose: "login" | "register"; counsellorId?: number; inviteId?: string },
  now: number,
): Promise<void> {
  await db.batch([
    db.delete(passkeyChallenges).where(lt(passkeyChallenges.expiresAt, now)),
    db.insert(passkeyChallenges).values({
      id: await sha256Hex(cookieToken),
      challenge: row.challenge,
      purpose: row.purpose,
      counsellorId: row.counsellorId ?? null,
      inviteId: row.inviteId ?? null,
      expiresAt: now + CHALLENGE_TTL_MS,
    }),
  ]);
}

/** Take (delete and return) the unexpired challenge of this browser. */
async function takeChallenge(db: Db, cookieToken: string | undefined, now: number) {
  if (!cookieToken || cookieToken.length > 100) return undefined;
  const [row] = await db
    .delete(passkeyChallenges)
    .where(eq(passkeyChallenges.id, await sha256Hex(cookieToken)))
    .returning();
  return row && row.expiresAt > now ? row : undefined;
}

/** Options for a discoverable sign-in; returns them and the cookie token to set. */
export async function startLogin(db: Db, rp: RelyingParty, now: number) {
  const { generateAuthenticationOptions } = await import("@simplewebauthn/server");
  const options = await generateAuthenticationOptions({ rpID: rp.rpId, userVerification: "preferred", timeout: CHALLENGE_TTL_MS });
  const cookieToken = randomToken();
  await saveChallenge(db, cookieToken, { challenge: options.challenge, purpose: "login" }, now);
  return { options, cookieToken };
}

/** The stored passkey an assertion names, with its account (for the throttle's e-mail key). */
export async function passkeyOwner(db: Db, credentialId: string) {
  if (!credentialId || credentialId.length > 1400) return undefined;
  const [row] = await db
    .select({
      id: counsellorPasskeys.id,
      counsellorId: counsellorPasskeys.counsellorId,
      publicKey: counsellorPasskeys.publicKey,
      counter: counsellorPasskeys.counter,
      transports: counsellorPasskeys.transports,
      revokedAt: counsellorPasskeys.revokedAt,
      email: counsellors.email,
      disabledAt: counsellors.disabledAt,
    })
    .from(counsellorPasskeys)
    .innerJoin(counsellors, eq(counsellors.id, counsellorPasskeys.counsellorId))
    .where(eq(counsellorPasskeys.credentialId, credentialId))
    .limit(1);
  return row;
}

/** Why a passkey sign-in or registration failed (logged, never shown in detail). */
export type PasskeyFailure = "no-challenge" | "unknown-key" | "revoked" | "disabled" | "invalid" | "invite" | "duplicate" | "too-many";

/**
 * Verify a sign-in assertion against this browser's challenge; on success the counter and last use are stored and
 * the counsellor's id returned.
 */
export async function finishLogin(
  db: Db,
  rp: RelyingParty,
  cookieToken: string | undefined,
  response: AuthenticationResponseJSON,
  now: number,
): Promise<{ ok: true; counsellorId: number } | { ok: false; reason: PasskeyFailure }> {
  const challenge = await takeChallenge(db, cookieToken, now);
  if (!challenge || challenge.purpose !== "login") return { ok: false, reason: "no-challenge" };
  const key = await passkeyOwner(db, response.id);
  if (!key) return { ok: false, reason: "unknown-key" };
  if (key.revokedAt !== null) return { ok: false, reason: "revoked" };
  if (key.disabledAt !== null) return { ok: false, reason: "disabled" };
  const { verifyAuthenticationResponse } = await import("@simplewebauthn/server");
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
      credential: { id: response.id, publicKey: base64urlToBytes(key.publicKey), counter: key.counter, transports: parseTransports(key.transports) },
    });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!result.verified) return { ok: false, reason: "invalid" };
  // The counter may only grow (checked by the library); a concurrent use with the same counter loses here.
  const updated = await db
    .update(counsellorPasskeys)
    .set({ counter: result.authenticationInfo.newCounter, lastUsedAt: now })
    .where(and(eq(counsellorPasskeys.id, key.id), isNull(counsellorPasskeys.revokedAt)))
    .returning({ id: counsellorPasskeys.id });
  if (updated.length === 0) return { ok: false, reason: "revoked" };
  return { ok: true, counsellorId: key.counsellorId };
}

/** Options to register a new passkey for a counsellor (signed in, or through an invite). */
export async function startRegistration(
  db: Db,
  rp: RelyingParty,
  account: { counsellorId: number; email: string; name: string; inviteId?: string },
  now: number,
) {
  const { generateRegistrationOptions } = await import("@simplewebauthn/server");
  const existing = await db
    .select({ credentialId: counsellorPasskeys.credentialId, transports: counsellorPasskeys.transports })
    .from(counsellorPasskeys)
    .where(and(eq(counsellorPasskeys.counsellorId, account.counsellorId), isNull(counsellorPasskeys.revokedAt)))
    .orderBy(asc(counsellorPasskeys.id));
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.rpId,
    userName: account.email,
    userDisplayName: account.name,
    attestationType: "none",
    timeout: CHALLENGE_TTL_MS,
    excludeCredentials: existing.map((k) => ({ id: k.credentialId, transports: parseTransports(k.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    supportedAlgorithmIDs: [-7, -257],
  });
  const cookieToken = randomToken();
  await saveChallenge(
    db,
    cookieToken,
    { challenge: options.challenge, purpose: "register", counsellorId: account.counsellorId, ...(account.inviteId ? { inviteId: account.inviteId } : {}) },
    now,
  );
  return { options, cookieToken };
}

/**
 * Verify a registration against this browser's challenge and store the passkey. With an invite, the challenge must
 * be the invite's and the invite is used up here (once).
 */
export async function finishRegistration(
  db: Db,
  rp: RelyingParty,
  cookieToken: string | undefined,
  response: RegistrationResponseJSON,
  expected: { counsellorId?: number; inviteId?: string; name: string },
  now: number,
): Promise<{ ok: true; counsellorId: number } | { ok: false; reason: PasskeyFailure }> {
  const challenge = await takeChallenge(db, cookieToken, now);
  if (!challenge || challenge.purpose !== "register" || challenge.counsellorId === null) return { ok: false, reason: "no-challenge" };
  if (expected.counsellorId !== undefined && challenge.counsellorId !== expected.counsellorId) return { ok: false, reason: "no-challenge" };
  if ((expected.inviteId ?? null) !== challenge.inviteId) return { ok: false, reason: "no-challenge" };
  const { verifyRegistrationResponse } = await import("@simplewebauthn/server");
  let result;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
      supportedAlgorithmIDs: [-7, -257],
    });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!result.verified || !result.registrationInfo) return { ok: false, reason: "invalid" };
  const { credential } = result.registrationInfo;
  const active = await listPasskeys(db, challenge.counsellorId);
  if (active.length >= MAX_PASSKEYS) return { ok: false, reason: "too-many" };
  if (await passkeyOwner(db, credential.id)) return { ok: false, reason: "duplicate" };
  if (challenge.inviteId && !(await consumeInvite(db, challenge.inviteId, now))) return { ok: false, reason: "invite" };
  await db.insert(counsellorPasskeys).values({
    counsellorId: challenge.counsellorId,
    credentialId: credential.id,
    publicKey: bytesToBase64url(credential.publicKey),
    counter: credential.counter,
    transports: JSON.stringify((credential.transports ?? response.response.transports ?? []).slice(0, 8)),
    name: cleanName(expected.name) || "Passkey",
    createdAt: now,
  });
  return { ok: true, counsellorId: challenge.counsellorId };
}

/** A label as stored: one line, trimmed, at most MAX_NAME characters. */
export function cleanName(name: string): string {
  return [...name.replace(/\s+/g, " ").trim()].slice(0, MAX_NAME).join("");
}

const TRANSPORTS = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

function parseTransports(json: string) {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? (list.filter((t) => typeof t === "string" && TRANSPORTS.has(t)) as Array<"internal">) : [];
  } catch {
    return [];
  }
}

