/**
 * Dashboard sessions: a random cookie token whose SHA-256 is the session id in D1, a per-session CSRF
 * token, idle and absolute expiry, and invalidation on logout or when the account is disabled.
 */
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { counsellorSessions, counsellors } from "../db/schema.ts";
import { DUMMY_HASH, verifyPassword } from "./password.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

/** Cookie name; sent with the __Host- prefix (Secure, Path=/, no Domain). */
export const SESSION_COOKIE = "binjol_admin";
/** A session unused for this long ends. */
export const IDLE_TIMEOUT_MS = 2 * 3600_000;
/** A session ends this long after login, used or not. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;
/** last_seen_at is written at most this often, so reading pages costs no write per request. */
export const TOUCH_INTERVAL_MS = 60_000;

/** The signed-in counsellor of a request. */
export interface Staff {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  /** the session row's id (hex SHA-256 of the cookie token) */
  sessionId: string;
  /** must accompany every form post */
  csrfToken: string;
}

/** Result of reading a session cookie. */
export type SessionLookup = { status: "ok"; staff: Staff } | { status: "expired" } | { status: "none" };

/** Check an e-mail address and password; the account must be active and allow passwords. Spends the same work when it does not exist. */
export async function checkPassword(db: Db, email: string, password: string): Promise<{ id: number } | undefined> {
  const [row] = await db
    .select({ id: counsellors.id, hash: counsellors.passwordHash, disabledAt: counsellors.disabledAt, passwordDisabled: counsellors.passwordDisabled })
    .from(counsellors)
    .where(eq(counsellors.email, normalizeEmail(email)))
    .limit(1);
  // An account whose password sign-in an admin turned off spends the same work and never matches.
  const usable = row && !row.passwordDisabled;
  const ok = await verifyPassword(password, usable ? row.hash : DUMMY_HASH);
  if (!row || !usable || !ok || row.disabledAt !== null) return undefined;
  return { id: row.id };
}

/** Start a session for an active counsellor; returns the cookie token (never stored) and the CSRF token. */
export async function createSession(db: Db, counsellorId: number, now: number): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await db.batch([
    // Sign-in is also when a counsellor's expired sessions are swept.
    db.delete(counsellorSessions).where(and(eq(counsellorSessions.counsellorId, counsellorId), lt(counsellorSessions.lastSeenAt, now - IDLE_TIMEOUT_MS))),
    db.insert(counsellorSessions).values({ id: await sha256Hex(token), counsellorId, csrfToken, createdAt: now, lastSeenAt: now }),
  ]);
  return { token, csrfToken };
}

/** The counsellor behind a cookie token; expired sessions and those of disabled accounts are deleted. */
export async function readSession(db: Db, token: string | undefined, now: number): Promise<SessionLookup> {
  if (!token || token.length > 100) return { status: "none" };
  const id = await sha256Hex(token);
  const [row] = await db
    .select({
      counsellorId: counsellors.id,
      email: counsellors.email,
      name: counsellors.name,
      isAdmin: counsellors.isAdmin,
      disabledAt: counsellors.disabledAt,
      csrfToken: counsellorSessions.csrfToken,
      createdAt: counsellorSessions.createdAt,
      lastSeenAt: counsellorSessions.lastSeenAt,
    })
    .from(counsellorSessions)
    .innerJoin(counsellors, eq(counsellors.id, counsellorSessions.counsellorId))
    .where(eq(counsellorSessions.id, id))
    .limit(1);
  if (!row) return { status: "none" };
  if (row.disabledAt !== null) {
    await db.delete(counsellorSessions).where(eq(counsellorSessions.counsellorId, row.counsellorId));
    return { status: "none" };
  }
  if (now - row.lastSeenAt > IDLE_TIMEOUT_MS || now - row.createdAt > ABSOLUTE_TIMEOUT_MS) {
    await db.delete(counsellorSessions).where(eq(counsellorSessions.id, id));
    return { status: "expired" };
  }
  if (now - row.lastSeenAt > TOUCH_INTERVAL_MS) {
    await db.update(counsellorSessions).set({ lastSeenAt: now }).where(eq(counsellorSessions.id, id));
  }
  return {
    status: "ok",
    staff: { id: row.counsellorId, email: row.email, name: row.name, isAdmin: row.isAdmin, sessionId: id, csrfToken: row.csrfToken },
  };
}

/** End one session (logout). */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(counsellorSessions).where(eq(counsellorSessions.id, sessionId));
}

/** An active counsellor by e-mail (for Cloudflare Access identities). */
export async function activeCounsellorByEmail(db: Db, email: string): Promise<{ id: number } | undefined> {
  const [row] = await db
    .select({ id: counsellors.id })
    .from(counsellors)
    .where(and(eq(counsellors.email, normalizeEmail(email)), isNull(counsellors.disabledAt)))
    .limit(1);
  return row;
}

/** E-mail addresses are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
