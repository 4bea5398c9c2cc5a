/** Per test file: apply the real migrations to the isolated D1 and load the compiled content into KV. */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { CONTENT_KEY, type ContentBundle } from "../src/content/types.ts";

const testEnv = env as unknown as { DB: D1Database; CONTENT: KVNamespace; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1]; TEST_CONTENT: string; TEST_BLOBS: string };
await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);
const bundle = JSON.parse(testEnv.TEST_CONTENT) as ContentBundle;
await testEnv.CONTENT.put(CONTENT_KEY, testEnv.TEST_CONTENT, { metadata: { version: bundle.version } });
for (const [key, value] of Object.entries(JSON.parse(testEnv.TEST_BLOBS) as Record<string, string>)) {
  await testEnv.CONTENT.put(key, value);
}
