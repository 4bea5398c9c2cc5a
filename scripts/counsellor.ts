/**
 * `npm run counsellor -- <command>`: manage dashboard accounts in D1, with the queries of src/counsellor/accounts.ts
 * run through wrangler's platform proxy (scripts/lib/d1.ts).
 *
 *   add <email> <name> [--admin]   create an account; the password comes from COUNSELLOR_PASSWORD or a prompt
 *   password <email>               set a new password (same sources) and end the account's sessions
 *   disable <email>                disable an account and end its sessions at once
 *   enable <email>                 enable a disabled account again
 *   list                           list accounts (never the hashes)
 *   invite <email> [name] [--admin] [--hours <n>] [--base-url <url>]
 *                                  print a one-time link to register a passkey (24 h); creates the account, without a
 *                                  usable password, when it does not exist yet (a name is then needed)
 *   password-login <email> on|off  allow or refuse password sign-in for the account (off ends its sessions)
 *
 * Target: --local (default), --remote (production), --persist-to <dir> (a local state directory).
 */
import {
  addAccount,
  disableAccount,
  enableAccount,
  findAccount,
  linkTelegram,
  listAccounts,
  passkeyCounts,
  setPassword,
  setPasswordLogin,
} from "../src/counsellor/accounts.ts";
import { createInvite } from "../src/counsellor/passkeys.ts";
import { randomToken } from "../src/counsellor/tokens.ts";
import { normalizeEmail } from "../src/counsellor/auth.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../src/counsellor/password.ts";
import type { Db } from "../src/db/client.ts";
import { openD1, targetLabel, type D1Target } from "./lib/d1.ts";
const USAGE = `Usage: npm run counsellor -- <command> [--local | --remote] [--persist-to <dir>]

  add <email> <name> [--admin]   create a counsellor account (password from COUNSELLOR_PASSWORD or a prompt)
  password <email>               set a new password and end the account's sessions
  disable <email>                disable an account and end its sessions
  enable <email>                 enable a disabled account
  telegram <email> <user id>     link a Telegram user id, so their messages in the staff group reach seekers
  list                           list accounts
  invite <email> [name] [--admin] [--hours <n>] [--base-url <url>]
                                 print a one-time link (valid 24 h) to register a passkey; creates the
                                 account without a password when it does not exist (then a name is needed).
                                 Base URL: --base-url, else BINJOL_DASHBOARD_URL, else http://localhost:8787
  password-login <email> on|off  allow or refuse password sign-in (off also ends the account's sessions)`;

/** Where invite links point when neither --base-url nor BINJOL_DASHBOARD_URL says (passkeys need a host name, not an IP). */
const DEFAULT_BASE_URL = "http://localhost:8787";

/** A failure with a message for the user; exits 1 without a stack trace. */
class CliError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  admin: boolean;
  target: D1Target;
  hours: number;
  baseUrl: string;
}

function parse(argv: string[]): Parsed {
  const positional: string[] = [];
  let admin = false;
  let hours = 24;
  let baseUrl = process.env.BINJOL_DASHBOARD_URL || DEFAULT_BASE_URL;
  let remote = false;
  let local = false;
  let persist: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--admin") admin = true;
    else if (a === "--remote") remote = true;
    else if (a === "--local") local = true;
    else if (a === "--persist-to") {
      persist = argv[++i];
      if (!persist) throw new CliError("--persist-to needs a directory");
    } else if (a === "--hours") {
      hours = Number(argv[++i]);
      if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 14) throw new CliError("--hours needs a number of hours (at most 336)");
    } else if (a === "--base-url") {
      baseUrl = argv[++i] ?? "";
      if (!/^https?:\/\/[^/\s]+\/?$/.test(baseUrl)) throw new CliError("--base-url needs an origin, e.g. https://binjol.disnaker.go.id");
    } else if (a === "-h" || a === "--help") positional.unshift("help");
    else if (a.startsWith("--")) throw new CliError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (remote && (local || persist)) throw new CliError("--remote cannot be combined with --local or --persist-to");
  const target: D1Target = remote ? { remote: true } : { remote: false, ...(persist ? { persistTo: persist } : {}) };
  const [command = "help", ...rest] = positional;
  return { command, positional: rest, admin, target, hours, baseUrl: baseUrl.replace(/\/$/, "") };
}

function checkEmail(email: string | undefined): string {
  if (!email) throw new CliError("an e-mail address is needed");
  const e = normalizeEmail(email);
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw new CliError(`'${email}' is not an e-mail address`);
  return e;
}

/** The password from COUNSELLOR_PASSWORD, or typed twice at a hidden prompt. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.COUNSELLOR_PASSWORD;
  let password: string;
  if (fromEnv !== undefined && fromEnv !== "") {
    password = fromEnv;
  } else {
    if (!process.stdin.isTTY) throw new CliError("set COUNSELLOR_PASSWORD, or run in a terminal to be asked for the password");
    password = await promptHidden("Password: ");
    const again = await promptHidden("Password again: ");
    if (again !== password) throw new CliError("the passwords do not match");
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new CliError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if ([...password].length > 1024) throw new CliError("the password is too long (at most 1024 characters)");
  return password;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    let value = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stdout.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new CliError("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function main(argv: string[]): Promise<void> {
  const parsed = parse(argv);
  const { command, target } = parsed;
  if (command === "help") {
    console.log(USAGE);
    return;
  }
  if (!["add", "password", "disable", "enable", "telegram", "list", "invite", "password-login"].includes(command)) throw new CliError(`unknown command '${command}'\n\n${USAGE}`);
  const open = await openD1(target).catch((err: unknown) => {
    throw new CliError(`cannot open D1 on ${targetLabel(target)}: ${err instanceof Error ? err.message : String(err)}`);
  });
  try {
    await run(open.db, parsed, targetLabel(target));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${err instanceof Error ? err.message : String(err)}\n(are the migrations applied? npm run db:migrate)`);
  } finally {
    await open.close();
  }
}

/** One command against an open database. */
async function run(db: Db, { command, positional, admin, hours, baseUrl }: Parsed, label: string): Promise<void> {
  const existing = async (email: string) => {
    const row = await findAccount(db, email);
    if (!row) throw new CliError(`no account for ${email} on ${label}`);
    return row;
  };
  switch (command) {
    case "add": {
      const email = checkEmail(positional[0]);
      const name = (positional[1] ?? "").trim();
      if (!name) throw new CliError('a name is needed, e.g. npm run counsellor -- add sri@disnaker.go.id "Sri Wahyuni"');
      if (name.length > 100) throw new CliError("the name is too long (at most 100 characters)");
      if (positional.length > 2) throw new CliError(`unexpected '${positional[2]}' (quote a name with spaces)`);
      if (await findAccount(db, email)) throw new CliError(`${email} already has an account on ${label}; use 'password' or 'enable'`);
      const passwordHash = await hashPassword(await readPassword());
      await addAccount(db, { email, name, passwordHash, isAdmin: admin, now: Date.now() });
      console.log(`Added ${admin ? "admin " : ""}${name} <${email}> on ${label}.`);
      return;
    }
    case "password": {
      const email = checkEmail(positional[0]);
      const account = await existing(email);
      await setPassword(db, email, await hashPassword(await readPassword()));
      console.log(`New password set for ${email} on ${label}; their sessions ended.`);
      if (account.passwordDisabled) console.log(`Password sign-in is off for ${email}; turn it on with: npm run counsellor -- password-login ${email} on`);
      return;
    }
    case "disable": {
      const email = checkEmail(positional[0]);
      await existing(email);
      await disableAccount(db, email, Date.now());
      console.log(`${email} is disabled on ${label}; their sessions ended.`);
      return;
    }
    case "enable": {
      const email = checkEmail(positional[0]);
      await existing(email);
      await enableAccount(db, email);
      console.log(`${email} is enabled on ${label}.`);
      return;
    }
    case "telegram": {
      const email = checkEmail(positional[0]);
      const userId = positional[1] ?? "";
      if (!/^\d{1,15}$/.test(userId)) throw new CliError("give the counsellor's numeric Telegram user id (ask @userinfobot)");
      await existing(email);
      await linkTelegram(db, email, Number(userId));
      console.log(`${email} is linked to Telegram user ${userId} on ${label}.`);
      return;
    }
    case "invite": {
      const email = checkEmail(positional[0]);
      let account = await findAccount(db, email);
      if (!account) {
        const name = (positional[1] ?? "").trim();
        if (!name) throw new CliError(`no account for ${email} on ${label}; give a name to create it, e.g. npm run counsellor -- invite ${email} "Sri Wahyuni"`);
        if (name.length > 100) throw new CliError("the name is too long (at most 100 characters)");
        // No password anyone knows: the account signs in with the passkey registered from the link.
        await addAccount(db, { email, name, passwordHash: await hashPassword(randomToken()), isAdmin: admin, now: Date.now(), passwordDisabled: true });
        account = await findAccount(db, email);
        console.log(`Added ${admin ? "admin " : ""}${name} <${email}> on ${label}, without a password.`);
      } else if (positional.length > 1) {
        throw new CliError(`${email} already has an account on ${label}; invite it without a name`);
      }
      if (!account) throw new CliError(`no account for ${email} on ${label}`);
      if (account.disabledAt) throw new CliError(`${email} is disabled on ${label}; enable it first`);
      const { token, expiresAt } = await createInvite(db, account.id, Date.now(), hours * 3600_000);
      console.log(`One-time link for ${email} to register a passkey (valid until ${new Date(expiresAt).toISOString()}):`);
      console.log(`${baseUrl}/admin/undangan/${token}`);
      return;
    }
    case "password-login": {
      const email = checkEmail(positional[0]);
      const value = positional[1];
      if (value !== "on" && value !== "off") throw new CliError("say on or off, e.g. npm run counsellor -- password-login sri@disnaker.go.id off");
      await existing(email);
      await setPasswordLogin(db, email, value === "on");
      console.log(value === "on" ? `${email} may sign in with a password on ${label}.` : `${email} can no longer sign in with a password on ${label} (passkeys only); their sessions ended.`);
      return;
    }
    case "list": {
      const rows = await listAccounts(db);
      const keys = await passkeyCounts(db);
      if (rows.length === 0) {
        console.log(`No counsellor accounts on ${label}. Add one: npm run counsellor -- add <email> <name> [--admin]`);
        return;
      }
      for (const r of rows) {
        const n = keys.get(r.id) ?? 0;
        const flags = [
          r.isAdmin ? "admin" : "",
          r.disabledAt ? `disabled ${new Date(r.disabledAt).toISOString().slice(0, 10)}` : "",
          n ? `${n} passkey${n === 1 ? "" : "s"}` : "",
          r.passwordDisabled ? "password sign-in off" : "",
        ]
          .filter(Boolean)
          .join(", ");
        console.log(`${r.email.padEnd(36)} ${r.name}${flags ? `  (${flags})` : ""}`);
      }
      return;
    }
  }
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof CliError) {
    console.error(`counsellor: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
