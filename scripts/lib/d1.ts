/**
 * D1 for command-line tools, through wrangler's platform proxy: the scripts run the same drizzle queries as the
 * Worker (src/), not SQL strings. Local D1 is the state `wrangler dev` and `wrangler d1 ... --local` use (or a
 * `--persist-to` directory); remote is the production database named in wrangler.toml (needs `wrangler login`).
 */
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { experimental_readRawConfig, getPlatformProxy } from "wrangler";
import { createDb, type Db } from "../../src/db/client.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Which D1 a script works on. */
export interface D1Target {
  remote: boolean;
  /** a local state directory (as `wrangler dev --persist-to`); undefined = wrangler's default */
  persistTo?: string;
}

/** How a target is named in messages. */
export function targetLabel(t: D1Target): string {
  return t.remote ? "production (remote D1)" : t.persistTo ? `local D1 in ${t.persistTo}` : "local D1";
}

/** An open D1 with its drizzle client; call close() when done. */
export interface OpenD1 {
  db: Db;
  d1: D1Database;
  close(): Promise<void>;
}

/** Open the target's D1 binding `DB` through wrangler's platform proxy. */
export async function openD1(target: D1Target): Promise<OpenD1> {
  // the proxy warns about the Worker's Durable Objects, which a script never uses
  process.env.WRANGLER_LOG ??= "error";
  let configPath = join(root, "wrangler.toml");
  let temporary: string | undefined;
  if (target.remote) {
    // The proxy reaches a binding remotely only when the configuration marks it `remote`: a copy that does.
    const { rawConfig } = experimental_readRawConfig({ config: configPath });
    const d1 = (rawConfig.d1_databases ?? []).map((b: { binding: string }) => (b.binding === "DB" ? { ...b, remote: true } : b));
    temporary = configPath = join(root, `.wrangler-cli-remote-${process.pid}.json`);
    writeFileSync(temporary, JSON.stringify({ ...rawConfig, d1_databases: d1 }));
  }
  try {
    const proxy = await getPlatformProxy<{ DB: D1Database }>({
      configPath,
      persist: target.persistTo ? { path: join(target.persistTo, "v3") } : true,
      remoteBindings: target.remote,
    });
    return {
      db: createDb(proxy.env.DB),
      d1: proxy.env.DB,
      close: async () => {
        await proxy.dispose();
        if (temporary) rmSync(temporary, { force: true });
      },
    };
  } catch (err) {
    if (temporary) rmSync(temporary, { force: true });
    throw err;
  }
}
