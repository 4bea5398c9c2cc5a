/** Counsellor accounts as the CLI manages them (scripts/counsellor.ts): the same drizzle queries the Worker runs. */
import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { counsellorPasskeys, counsellors, counsellorSessions } from "../db/schema.ts";
import { normalizeEmail } from "./auth.ts";

/** An account as `list` shows it (never the hash). */
export interface AccountRow {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  disabledAt: number | null;
  createdAt: number;
  passwordDisabled: boolean;
}

const accountFields = {
  id: counsellors.id,
  email: counsellors.email,
  name: counsellors.name,
  isAdmin: counsellors.isAdmin,
  disabledAt: counsellors.disabledAt,
  createdAt: counsellors.createdAt,
  passwordDisabled: counsellors.passwordDisabled,
};

/** The account with this e-mail address, if any. */
export async function findAccount(db: Db, email: string): Promise<AccountRow | undefined> {
  const [row] = await db.select(accountFields).from(counsellors).where(eq(counsellors.email, normalizeEmail(email))).limit(1);
  return row;
}

/** Create an account. */
export async function addAccount(
  db: Db,
  a: { email: string; name: string; passwordHash: string; isAdmin: boolean; now: number; passwordDisabled?: boolean },
): Promise<void> {
  await db.insert(counsellors).values({
    email: normalizeEmail(a.email),
    name: a.name,
    passwordHash: a.passwordHash,
    isAdmin: a.isAdmin,
    createdAt: a.now,
    passwordDisabled: a.passwordDisabled ?? false,
  });
}

/** Allow or refuse password sign-in for an account (passkeys and Access are unaffected); turning it off ends sessions. */
export async function setPasswordLogin(db: Db, email: string, allowed: boolean): Promise<void> {
  const update = db.update(counsellors).set({ passwordDisabled: !allowed }).where(eq(counsellors.email, normalizeEmail(email)));
  if (allowed) await update;
  else await db.batch([update, endSessions(db, email)]);
}

/** Active passkeys per account id (for `list`). */
export async function passkeyCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: counsellorPasskeys.counsellorId, n: count() })
    .from(counsellorPasskeys)
    .where(isNull(counsellorPasskeys.revokedAt))
    .groupBy(counsellorPasskeys.counsellorId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** The sessions of the account with this e-mail address, as a delete. */
function endSessions(db: Db, email: string) {
  return db
    .delete(counsellorSessions)
    .where(inArray(counsellorSessions.counsellorId, db.select({ id: counsellors.id }).from(counsellors).where(eq(counsellors.email, normalizeEmail(email)))));
}

/** Set a new password and end the account's sessions, in one transaction. */
export async function setPassword(db: Db, email: string, passwordHash: string): Promise<void> {
  await db.batch([db.update(counsellors).set({ passwordHash }).where(eq(counsellors.email, normalizeEmail(email))), endSessions(db, email)]);
}

/** Disable an account (keeping the first disabling time) and end its sessions, in one transaction. */
export async function disableAccount(db: Db, email: string, now: number): Promise<void> {
  await db.batch([
    db
      .update(counsellors)
      .set({ disabledAt: Math.floor(now) })
      .where(and(eq(counsellors.email, normalizeEmail(email)), isNull(counsellors.disabledAt))),
    endSessions(db, email),
  ]);
}

/** Enable a disabled account. */
export async function enableAccount(db: Db, email: string): Promise<void> {
  await db.update(counsellors).set({ disabledAt: null }).where(eq(counsellors.email, normalizeEmail(email)));
}

/** Link the counsellor's Telegram user id (their messages in the staff group reach seekers). */
export async function linkTelegram(db: Db, email: string, telegramUserId: number): Promise<void> {
  await db.update(counsellors).set({ telegramUserId }).where(eq(counsellors.email, normalizeEmail(email)));
}

/** Every account, by name. */
export async function listAccounts(db: Db): Promise<AccountRow[]> {
  return db.select(accountFields).from(counsellors).orderBy(asc(counsellors.name));
}
