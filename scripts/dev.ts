/**
 * `npm start`: a working local bot on http://127.0.0.1:8787 with local D1 and KV.
 * Copies .dev.vars.example to .dev.vars when missing, migrates local D1, compiles content into
 * local KV, starts the telegram-test-api Bot API emulator when TELEGRAM_API_ROOT points at this
 * machine (the WhatsApp Cloud API emulator when WHATSAPP_API_ROOT does, and the Discord API stand-in when
 * DISCORD_API_ROOT does, with a local Ed25519 key pair when DISCORD_PUBLIC_KEY is empty), then runs `wrangler dev`.
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import TelegramServer from "telegram-test-api";
import { devVars, OVERRIDABLE } from "./lib/dev-vars.ts";
import { startWhatsAppEmulator } from "./whatsapp-emulator.ts";
import { LOCAL_KEY_FILE, localKeyPair, startDiscordEmulator } from "./discord-emulator.ts";

const PORT = Number(process.env.PORT ?? 8787);
const quiet = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

function step(title: string, cmd: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  execFileSync(cmd, args, { stdio: "inherit", env: quiet });
}

/** Settings from .dev.vars (created from the example when missing), environment overrides applied. */
function settings(): Record<string, string> {
  if (!existsSync(".dev.vars")) {
    copyFileSync(".dev.vars.example", ".dev.vars");
    console.log("Created .dev.vars from .dev.vars.example");
  }
  return devVars();
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** Start the Bot API emulator when the configured API root is a free local port. */
async function maybeStartEmulator(apiRoot: string): Promise<TelegramServer | undefined> {
  let url: URL;
  try {
    url = new URL(apiRoot);
  } catch {
    return undefined;
  }
  if (!["127.0.0.1", "localhost"].includes(url.hostname)) return undefined;
  const port = Number(url.port || 80);
  if (await listening(url.hostname, port)) {
    console.log(`Bot API at ${apiRoot} is already running; using it.`);
    return undefined;
  }
  const server = new TelegramServer({ port, host: url.hostname, storeTimeout: 24 * 3600 });
  await server.start();
  console.log(`Started the telegram-test-api Bot API emulator at ${apiRoot}`);
  return server;
}

/** Start the WhatsApp Cloud API emulator when WHATSAPP_API_ROOT is a free local port. */
async function maybeStartWhatsAppEmulator(vars: Record<string, string>): Promise<{ stop: () => Promise<void> } | undefined> {
  let url: URL;
  try {
    url = new URL(vars.WHATSAPP_API_ROOT ?? "");
  } catch {
    return undefined;
  }
  if (!["127.0.0.1", "localhost"].includes(url.hostname)) return undefined;
  const port = Number(url.port || 80);
  if (await listening(url.hostname, port)) {
    console.log(`WhatsApp Cloud API at ${vars.WHATSAPP_API_ROOT} is already running; using it.`);
    return undefined;
  }
  const emulator = await startWhatsAppEmulator({
    port,
    host: url.hostname,
    ...(vars.WHATSAPP_APP_SECRET ? { appSecret: vars.WHATSAPP_APP_SECRET } : {}),
    ...(vars.WHATSAPP_PHONE_NUMBER_ID ? { phoneNumberId: vars.WHATSAPP_PHONE_NUMBER_ID } : {}),
    webhookUrl: `http://127.0.0.1:${PORT}/whatsapp`,
  });
  console.log(`Started the WhatsApp Cloud API emulator at ${emulator.root}`);
  return emulator;
}

/** True when `root` names a port on this machine. */
function localUrl(root: string | undefined): URL | undefined {
  try {
    const url = new URL(root ?? "");
    return ["127.0.0.1", "localhost"].includes(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Start the Discord API stand-in when DISCORD_API_ROOT is a free local port. With a local root and no
 * DISCORD_PUBLIC_KEY, the Worker gets the local key pair's public key (`npm run say:discord` signs with its private half).
 */
async function maybeStartDiscordEmulator(vars: Record<string, string>): Promise<{ stop: () => Promise<void> } | undefined> {
  const url = localUrl(vars.DISCORD_API_ROOT);
  if (!url) return undefined;
  if (!vars.DISCORD_PUBLIC_KEY) {
    vars.DISCORD_PUBLIC_KEY = localKeyPair().publicKey;
    injected = true;
    console.log(`Discord: signing interactions with the local key pair in ${LOCAL_KEY_FILE}`);
  }
  const port = Number(url.port || 80);
  if (await listening(url.hostname, port)) {
    console.log(`Discord API at ${vars.DISCORD_API_ROOT} is already running; using it.`);
    return undefined;
  }
  const emulator = await startDiscordEmulator({ port, host: url.hostname });
  console.log(`Started the Discord API stand-in at ${emulator.root}`);
  return emulator;
}

/** Settings added here (the local Discord key) reach wrangler through the env file too. */
let injected = false;
const vars = settings();
step("Applying D1 migrations to the local database", "wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
// The demo listings keep their distance to today (a vacancy with 60 days left on the day it was verified has 60
// days left whenever you start the demo); REAL_DATES=1 npm start previews the real dates instead.
step("Compiling content/ and loading it into local KV", "node", ["scripts/content.ts", "sync", "--local", ...(process.env.REAL_DATES ? [] : ["--relative-dates"])]);
step("Building the chat widget (public/widget.js)", "node", ["scripts/build-widget.ts"]);
const emulator = await maybeStartEmulator(vars.TELEGRAM_API_ROOT ?? "");
const waEmulator = await maybeStartWhatsAppEmulator(vars);
const dcEmulator = await maybeStartDiscordEmulator(vars);

// Environment overrides reach wrangler through an env file readable only by this user, never as `--var KEY:value`
// arguments, which anyone on the machine can read in `ps`. Given --env-file, wrangler reads it instead of .dev.vars,
// so the file holds .dev.vars with the overrides applied.
let varArgs: string[] = [];
if (OVERRIDABLE.some((k) => process.env[k]) || injected) {
  mkdirSync(".wrangler", { recursive: true });
  const envFile = ".wrangler/dev-vars.env";
  writeFileSync(envFile, Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join("\n") + "\n", { mode: 0o600 });
  chmodSync(envFile, 0o600);
  varArgs = ["--env-file", envFile];
}
console.log(`\n▶ Starting the Worker on http://127.0.0.1:${PORT}`);
console.log(`  Web chat: http://127.0.0.1:${PORT}/demo   (the demo homepage with the widget)`);
console.log(`  Telegram: npm run say -- /start      (posts a Telegram update and prints the bot's answer)`);
console.log(`  WhatsApp: npm run say:wa -- "menu"   (posts a signed WhatsApp webhook and prints the bot's answer)`);
console.log(`  Discord:  npm run say:discord -- /menu (posts a signed slash command and prints the bot's answer)`);
console.log(`  Counsellors: http://127.0.0.1:${PORT}/admin   (first: npm run counsellor -- add you@example.org "Your Name" --admin)\n`);
const dev = spawn("wrangler", ["dev", "--ip", "127.0.0.1", "--port", String(PORT), ...varArgs], { stdio: "inherit", env: quiet });
const stop = async () => {
  dev.kill("SIGINT");
  await emulator?.stop();
  await waEmulator?.stop();
  await dcEmulator?.stop();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
dev.on("exit", async (code) => {
  await emulator?.stop();
  await waEmulator?.stop();
  await dcEmulator?.stop();
  process.exit(code ?? 0);
});
