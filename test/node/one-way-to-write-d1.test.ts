/**
 * One way to write D1 (issue 16): the migrations are exactly what drizzle-kit generates from src/db/schema.ts, and
 * no code in src/ prepares SQL itself; every statement is built by drizzle.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** Every .ts/.tsx file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("one way to write D1", () => {
  it("drizzle-kit generate finds no schema change that the migrations lack", () => {
    const dir = mkdtempSync(join(tmpdir(), "binjol-drizzle-"));
    try {
      const out = join(dir, "migrations");
      cpSync(join(root, "migrations"), out, { recursive: true });
      const before = readdirSync(out).sort();
      const config = join(dir, "drizzle.config.json");
      // drizzle-kit resolves both paths against its working directory
      writeFileSync(config, JSON.stringify({ dialect: "sqlite", schema: relative(dir, join(root, "src", "db", "schema.ts")), out: "./migrations" }));
      const log = execFileSync(join(root, "node_modules", ".bin", "drizzle-kit"), ["generate", "--config", config], { cwd: dir, encoding: "utf8" });
      expect(log).toContain("No schema changes");
      expect(readdirSync(out).sort(), log).toStrictEqual(before);
      expect(readFileSync(join(out, "meta", "_journal.json"), "utf8")).toBe(readFileSync(join(root, "migrations", "meta", "_journal.json"), "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no source in src/ calls .prepare( outside the drizzle client", () => {
    const offenders = sources(join(root, "src"))
      .filter((f) => relative(root, f) !== join("src", "db", "client.ts"))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => [i + 1, line] as const)
          .filter(([, line]) => line.includes(".prepare("))
          .map(([n]) => `${relative(root, f)}:${n}`),
      );
    expect(offenders).toStrictEqual([]);
  });
});
