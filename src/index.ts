/** Worker entry point: HTTP requests and the daily maintenance cron. */
import { createApp } from "./app.ts";
import { createDb } from "./db/client.ts";
import { pruneProcessedUpdates } from "./db/maintenance.ts";
import type { Env } from "./env.ts";
import { log } from "./log.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      pruneProcessedUpdates(createDb(env.DB)).then((deleted) => log("info", "pruned dedupe keys", { deleted })),
    );
  },
} satisfies ExportedHandler<Env>;
