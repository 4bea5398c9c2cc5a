/**
 * `npm run telegram:setup -- https://binjol.example.workers.dev`: point Telegram at the Worker.
 * Sets the webhook (URL + /telegram, secret_token, allowed_updates) and the command list
 * (setMyCommands, from the compiled content). Settings come from the environment, else .dev.vars.
 */
import { join } from "node:path";
import { compileContent, formatError } from "../src/content/compiler.ts";
import { devVars } from "./lib/dev-vars.ts";

const vars = devVars();
const setting = (key: string) => process.env[key] ?? vars[key] ?? "";
const token = setting("TELEGRAM_BOT_TOKEN");
const secret = setting("TELEGRAM_WEBHOOK_SECRET");
const apiRoot = (setting("TELEGRAM_API_ROOT") || "https://api.telegram.org").replace(/\/+$/, "");
const workerUrl = (process.argv[2] ?? process.env.WORKER_URL ?? "").replace(/\/+$/, "");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
if (!/^\d+:[\w-]+$/.test(token)) fail("TELEGRAM_BOT_TOKEN is missing or malformed (expected 123456:ABC...).");
if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) fail("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -.");
if (!/^https:\/\//.test(workerUrl) && !/^http:\/\/(127\.0\.0\.1|localhost)/.test(workerUrl)) {
  fail("Give the Worker's https URL: npm run telegram:setup -- https://binjol.<account>.workers.dev");
}

const { bundle, errors } = compileContent(join(process.cwd(), "content"));
if (!bundle) fail(`content has errors:\n${errors.map(formatError).join("\n")}`);

/** The command menu Telegram shows: /menu, /bantuan and one per service. */
const commands = [
  ...bundle.commands.filter((c) => c.command === "menu").map((c) => ({ command: c.command, description: c.description })),
  { command: "bantuan", description: "Cara memakai BINJOL" },
  { command: "datasaya", description: "Lihat data tentang kamu yang disimpan" },
  { command: "hapusdata", description: "Hapus semua datamu" },
  { command: "batal", description: "Keluar dari antrean konselor" },
  ...bundle.commands.filter((c) => c.command !== "menu").map((c) => ({ command: c.command, description: c.description.slice(0, 256) })),
].slice(0, 100);

async function call(method: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; description?: string; result?: unknown };
  if (!json.ok) fail(`${method} failed: ${json.description ?? res.status}`);
  console.log(`${method}: ok`);
  return json.result;
}

await call("setWebhook", {
  url: `${workerUrl}/telegram`,
  secret_token: secret,
  allowed_updates: ["message", "callback_query", "my_chat_member"],
  max_connections: 40,
});
await call("setMyCommands", { commands });
await call("setMyCommands", { commands, language_code: "id" });
console.log(`Webhook → ${workerUrl}/telegram; ${commands.length} commands registered.`);
