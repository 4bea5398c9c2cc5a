/**
 * `npm run counsellor -- <command>`: manage dashboard accounts in D1 through `wrangler d1 execute`.
 *
 *   add <email> <name> [--admin]   create an account; the password comes from COUNSELLOR_PASSWORD or a prompt
 *   password <email>               set a new password (same sources) and end the account's sessions
 *   disable <email>                disable an account and end its sessions at once
 *   enable <email>                 enable a disabled account again
 *   list                           list accounts (never the hashes)
 *
 * Target: --local (default), --remote (production), --persist-to <dir> (a local state directory).
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { disableAccountSql, normalizeEmail, sqlString } from "../src/counsellor/auth.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../src/counsellor/password.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = `Usage: npm run counsellor -- <command> [--local | --remote] [--persist-to <dir>]

  add <email> <name> [--admin]   create a counsellor account (password from COUNSELLOR_PASSWORD or a prompt)
  password <email>               set a new password and end the account's sessions
  disable <email>                disable an account and end its sessions
  enable <email>                 enable a disabled account
  telegram <email> <user id>     link a Telegram user id, so their messages in the staff group reach seekers
  list                           list accounts`;

/** A failure with a message for the user; exits 1 without a stack trace. */
class CliError extends Error {}

interface Target {
  args: string[];
  label: string;
}

function parse(argv: string[]): { command: string; positional: string[]; admin: boolean; target: Target } {
  const positional: string[] = [];
  let admin = false;
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
    } else if (a === "-h" || a === "--help") positional.unshift("help");
    else if (a.startsWith("--")) throw new CliError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (remote && (local || persist)) throw new CliError("--remote cannot be combined with --local or --persist-to");
  const target: Target = remote
    ? { args: ["--remote"], label: "production (remote D1)" }
    : { args: ["--local", ...(persist ? ["--persist-to", persist] : [])], label: persist ? `local D1 in ${persist}` : "local D1" };
  const [command = "help", ...rest] = positional;
  return { command, positional: rest, admin, target };
}

/** Run SQL through wrangler and return the rows of each statement. */
function d1(target: Target, sql: string): Array<Array<Record<string, unknown>>> {
  let out: string;
  try {
    out = execFileSync(join(root, "node_modules", ".bin", "wrangler"), ["d1", "execute", "DB", ...target.args, "--json", "--command", sql], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    const detail = `${e.stdout ?? ""}\n${e.stderr ?? ""}`.trim().split("\n").filter((l) => /error|✘/i.test(l)).slice(0, 5).join("\n");
    throw new CliError(`wrangler d1 execute failed on ${target.label}${detail ? `:\n${detail}` : ""}\n(are the migrations applied? npm run db:migrate)`);
  }
  const parsed = JSON.parse(out) as Array<{ results?: Array<Record<string, unknown>> }>;
  return parsed.map((r) => r.results ?? []);
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
  const { command, positional, admin, target } = parse(argv);
  switch (command) {
    case "add": {
      const email = checkEmail(positional[0]);
      const name = (positional[1] ?? "").trim();
      if (!name) throw new CliError('a name is needed, e.g. npm run counsellor -- add sri@disnaker.go.id "Sri Wahyuni"');
      if (name.length > 100) throw new CliError("the name is too long (at most 100 characters)");
      if (positional.length > 2) throw new CliError(`unexpected '${positional[2]}' (quote a name with spaces)`);
      const [existing] = d1(target, `select id from counsellors where email = ${sqlString(email)}`);
      if (existing && existing.length > 0) throw new CliError(`${email} already has an account on ${target.label}; use 'password' or 'enable'`);
      const hash = await hashPassword(await readPassword());
      d1(target, `insert into counsellors (email, name, password_hash, is_admin, created_at) values (${sqlString(email)}, ${sqlString(name)}, ${sqlString(hash)}, ${admin ? 1 : 0}, ${Date.now()})`);
      console.log(`Added ${admin ? "admin " : ""}${name} <${email}> on ${target.label}.`);
      return;
    }
    case "password": {
      const email = checkEmail(positional[0]);
      const [rows] = d1(target, `select id from counsellors where email = ${sqlString(email)}`);
      if (!rows || rows.length === 0) throw new CliError(`no account for ${email} on ${target.label}`);
      const hash = await hashPassword(await readPassword());
      d1(target, `update counsellors set password_hash = ${sqlString(hash)} where email = ${sqlString(email)}; delete from counsellor_sessions where counsellor_id = ${Number(rows[0]!.id)}`);
      console.log(`New password set for ${email} on ${target.label}; their sessions ended.`);
      return;
    }
    case "disable": {
      const email = checkEmail(positional[0]);
      const [rows] = d1(target, `select id, disabled_at from counsellors where email = ${sqlString(email)}`);
      if (!rows || rows.length === 0) throw new CliError(`no account for ${email} on ${target.label}`);
      d1(target, disableAccountSql(email, Date.now()).join("; "));
      console.log(`${email} is disabled on ${target.label}; their sessions ended.`);
      return;
    }
    case "enable": {
      const email = checkEmail(positional[0]);
      const [rows] = d1(target, `select id from counsellors where email = ${sqlString(email)}`);
      if (!rows || rows.length === 0) throw new CliError(`no account for ${email} on ${target.label}`);
      d1(target, `update counsellors set disabled_at = null where email = ${sqlString(email)}`);
      console.log(`${email} is enabled on ${target.label}.`);
      return;
    }
    case "telegram": {
      const email = checkEmail(positional[0]);
      const userId = positional[1] ?? "";
      if (!/^\d{1,15}$/.test(userId)) throw new CliError("give the counsellor's numeric Telegram user id (ask @userinfobot)");
      const [rows] = d1(target, `select id from counsellors where email = ${sqlString(email)}`);
      if (!rows || rows.length === 0) throw new CliError(`no account for ${email} on ${target.label}`);
      d1(target, `update counsellors set telegram_user_id = ${userId} where email = ${sqlString(email)}`);
      console.log(`${email} is linked to Telegram user ${userId} on ${target.label}.`);
      return;
    }
    case "list": {
      const [rows = []] = d1(target, "select email, name, is_admin, disabled_at, created_at from counsellors order by name");
      if (rows.length === 0) {
        console.log(`No counsellor accounts on ${target.label}. Add one: npm run counsellor -- add <email> <name> [--admin]`);
        return;
      }
      for (const r of rows) {
        const flags = [r.is_admin ? "admin" : "", r.disabled_at ? `disabled ${new Date(Number(r.disabled_at)).toISOString().slice(0, 10)}` : ""].filter(Boolean).join(", ");
        console.log(`${String(r.email).padEnd(36)} ${String(r.name)}${flags ? `  (${flags})` : ""}`);
      }
      return;
    }
    case "help":
      console.log(USAGE);
      return;
    default:
      throw new CliError(`unknown command '${command}'\n\n${USAGE}`);
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
