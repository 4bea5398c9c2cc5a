import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { compileContent, formatError, officeToday } from "./src/content/compiler.ts";
import { relativeContent } from "./src/content/relative-dates.ts";

/** Test-only settings; the Bot API root points at the telegram-test-api emulator started in global setup. */
export const TEST_TOKEN = "7000000001:test-token-for-the-emulator";
export const TEST_SECRET = "test-webhook-secret";
/** Test-only WhatsApp settings; the Graph API root is the stand-in (scripts/whatsapp-emulator.ts) started in global setup. */
export const WA_TEST = {
  WHATSAPP_PHONE_NUMBER_ID: "106540352242922",
  WHATSAPP_ACCESS_TOKEN: "test-whatsapp-access-token",
  WHATSAPP_APP_SECRET: "test-whatsapp-app-secret",
  WHATSAPP_VERIFY_TOKEN: "test-whatsapp-verify-token",
};

/**
 * Test-only Discord settings: a key pair made for this run (the tests sign interactions with its private half,
 * passed as a JWK), the API root is the stand-in (scripts/discord-emulator.ts) started in global setup.
 */
const discordKeys = generateKeyPairSync("ed25519");
export const DC_TEST = {
  DISCORD_APPLICATION_ID: "1300000000000000000",
  DISCORD_PUBLIC_KEY: Buffer.from(discordKeys.publicKey.export({ format: "jwk" }).x!, "base64url").toString("hex"),
  DISCORD_BOT_TOKEN: "test-discord-bot-token",
  TEST_DISCORD_PRIVATE_JWK: JSON.stringify(discordKeys.privateKey.export({ format: "jwk" })),
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations(join(import.meta.dirname, "migrations"));
  // Tests run against freshly compiled content/, as a deploy would write it, with one difference that keeps them
  // independent of the calendar: listing dates keep the distance to today that they had on the content's own date
  // (src/content/relative-dates.ts), so the demo vacancies are as open in 2030 as on the day they were verified.
  const today = officeToday();
  const source = relativeContent(join(import.meta.dirname, "content"), today);
  const compiled = compileContent(source.dir, { cwd: source.cwd, today });
  if (!compiled.bundle) throw new Error(`content has errors:\n${compiled.errors.map(formatError).join("\n")}`);
  const bundleJson = JSON.stringify(compiled.bundle);
  // content-hashed blobs the bundle names (listings), written to KV next to the bundle by test/setup.ts
  const blobsJson = JSON.stringify(compiled.blobs ?? {});

  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // Every test request comes from one "IP": lift that limit so suites cannot trip it for each
                // other; the per-session limit (30 a minute) stays as deployed and is tested.
                ratelimits: {
                  WEBCHAT_IP_LIMITER: { namespace_id: "1002", simple: { limit: 100_000, period: 60 } },
                },
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  TEST_CONTENT: bundleJson,
                  TEST_BLOBS: blobsJson,
                  TELEGRAM_BOT_TOKEN: TEST_TOKEN,
                  TELEGRAM_WEBHOOK_SECRET: TEST_SECRET,
                  TELEGRAM_API_ROOT: inject<string>("telegramApiRoot"),
                  // a recording fake Bot API for forum-topic calls the emulator lacks
                  CAPTURE_API_ROOT: inject<string>("captureApiRoot"),
                  // getFile and file downloads (the emulator has neither): the recording stand-in serves both
                  TELEGRAM_FILE_ROOT: inject<string>("captureApiRoot"),
                  TELEGRAM_BOT_USERNAME: "binjol_test_bot",
                  WHATSAPP_API_ROOT: inject<string>("whatsappApiRoot"),
                  ...WA_TEST,
                  DISCORD_API_ROOT: inject<string>("discordApiRoot"),
                  ...DC_TEST,
                  // the office website that embeds the widget (production lists its real origin in wrangler.toml)
                  ALLOWED_ORIGINS: "https://disnaker.example",
                  // FUZZ_SEED=<n> npm test replays a fuzz run
                  FUZZ_SEED: process.env.FUZZ_SEED ?? "20261123",
                },
              },
            })),
          ],
          test: {
            name: "worker",
            // some tests drive dozens of requests through the Worker; a busy 2-core runner needs more than 5 s
            testTimeout: 30_000,
            include: ["test/**/*.test.ts"],
            exclude: ["test/e2e/**", "test/node/**", "test/browser/**"],
            globalSetup: ["test/global-setup.ts"],
            setupFiles: ["test/setup.ts"],
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: ["test/node/**/*.test.ts"],
            // compiling the real content takes ~1 s alone and much longer on a busy 2-core runner
            testTimeout: 60_000,
          },
        },
        {
          test: {
            name: "browser",
            environment: "node",
            include: ["test/browser/**/*.test.ts"],
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
        {
          test: {
            name: "e2e",
            environment: "node",
            include: ["test/e2e/**/*.test.ts"],
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
