import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { DEDUPE_RETENTION_MS, pruneProcessedUpdates } from "../../src/db/maintenance.ts";

it("prunes dedupe keys older than the retention and keeps recent ones", async () => {
  const now = Date.now();
  const insert = env.DB.prepare("insert into processed_updates (key, claim, status, attempts, claimed_at) values (?, 'c', 'done', 1, ?)");
  await env.DB.batch([insert.bind("tg:old", now - DEDUPE_RETENTION_MS - 1000), insert.bind("tg:new", now - 1000)]);
  expect(await pruneProcessedUpdates(createDb(env.DB), now)).toBe(1);
  const { results } = await env.DB.prepare("select key from processed_updates where key like 'tg:%'").all<{ key: string }>();
  expect(results.map((r) => r.key)).toEqual(["tg:new"]);
});
