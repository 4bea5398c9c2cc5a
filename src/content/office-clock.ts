/**
 * The office clock for build-time code (the content compiler and CLI): the same OFFICE_UTC_OFFSET and OFFICE_ZONE that
 * the Worker reads, taken from wrangler.toml's [vars]. A bad value stops the build (officeClockFrom throws), so it never
 * reaches a deploy. Node only.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { officeClockFrom, type OfficeClock } from "../core/clock.ts";

const WRANGLER_TOML = fileURLToPath(new URL("../../wrangler.toml", import.meta.url));

/** `KEY = "value"` pairs of the [vars] table of a wrangler.toml text (strings only; enough for the office settings). */
export function wranglerVars(toml: string): Record<string, string> {
  const vars: Record<string, string> = {};
  let inVars = false;
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inVars = line === "[vars]";
      continue;
    }
    const m = inVars ? /^([A-Z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line) : null;
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}

let cached: OfficeClock | undefined;

/** The office clock configured in the project's wrangler.toml (WIB when the file or the settings are absent). */
export function configuredClock(path: string = WRANGLER_TOML): OfficeClock {
  if (path === WRANGLER_TOML && cached) return cached;
  const vars = existsSync(path) ? wranglerVars(readFileSync(path, "utf8")) : {};
  const clock = officeClockFrom(vars);
  if (path === WRANGLER_TOML) cached = clock;
  return clock;
}
