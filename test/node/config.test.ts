/** The deployed configuration carries no development settings (security review, info). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const toml = readFileSync("wrangler.toml", "utf8");
const varsSection = toml.slice(toml.indexOf("[vars]"), toml.indexOf("\n[", toml.indexOf("[vars]") + 1));

describe("wrangler.toml", () => {
  it("lists no development origins for the web-chat API", () => {
    const line = /^ALLOWED_ORIGINS\s*=\s*"([^"]*)"/m.exec(varsSection);
    expect(line).not.toBeNull();
    for (const origin of line![1]!.split(",").map((o) => o.trim()).filter(Boolean)) {
      expect(origin).toMatch(/^https:\/\//);
      expect(origin).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]|:\d+$/);
    }
  });
});
