/**
 * `npm run discord:setup`: register BINJOL's slash commands (src/channels/discord/commands.ts) as the application's
 * global commands (PUT /applications/{id}/commands, a bulk overwrite: commands no longer listed are removed).
 * Settings come from the environment, else .dev.vars: DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN and
 * DISCORD_API_ROOT (default https://discord.com/api/v10; locally the stand-in `npm start` runs).
 * The interactions endpoint URL itself is set in the Developer Portal (see README, "Discord").
 */
import { registrationBody } from "../src/channels/discord/commands.ts";
import { devVars } from "./lib/dev-vars.ts";

const vars = devVars();
const applicationId = vars.DISCORD_APPLICATION_ID ?? "";
const token = vars.DISCORD_BOT_TOKEN ?? "";
const apiRoot = (vars.DISCORD_API_ROOT || "https://discord.com/api/v10").replace(/\/+$/, "");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
if (!/^\d{1,20}$/.test(applicationId)) fail("DISCORD_APPLICATION_ID is missing or malformed (the application's numeric id, Developer Portal → General Information).");
if (!token) fail("DISCORD_BOT_TOKEN is missing (Developer Portal → Bot → Reset Token).");

const commands = registrationBody();
const res = await fetch(`${apiRoot}/applications/${applicationId}/commands`, {
  method: "PUT",
  headers: { authorization: `Bot ${token}`, "content-type": "application/json", "user-agent": "DiscordBot (https://github.com/disnaker/binjol, 0.1)" },
  body: JSON.stringify(commands),
});
const answer = await res.text();
if (!res.ok) fail(`Discord refused the commands (${res.status}): ${answer.slice(0, 500)}`);
console.log(`Registered ${commands.length} commands at ${apiRoot}:`);
for (const c of commands) console.log(`  /${String(c.name)} — ${String(c.description)}`);
console.log("Global commands can take a few minutes to appear in Discord.");
