/** GET /widget/frame: the chat frame's page, with a Content-Security-Policy whose frame-ancestors is computed. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { frameAncestors, frameCsp } from "../../../src/channels/webchat/frame.ts";

const directives = (csp: string) => Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe("the chat frame's page", () => {
  it("is HTML that loads only its own script and CSS, embeddable by the Worker and ALLOWED_ORIGINS alone", async () => {
    const res = await exports.default.fetch(new Request("https://binjol.test/widget/frame"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = directives(res.headers.get("content-security-policy") ?? "");
    // the test environment's ALLOWED_ORIGINS is "https://disnaker.example"
    expect(csp["frame-ancestors"]).toEqual(["'self'", "https://disnaker.example"]);
    expect(csp["default-src"]).toEqual(["'none'"]);
    expect(csp["script-src"]).toEqual(["'self'"]);
    expect(csp["style-src"]).toEqual(["'self'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('<script src="/widget/frame.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/widget/frame.css">');
    // no inline script or style, no third-party URL
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|style=|https?:\/\//);
  });

  it("copies only exact http(s) origins of ALLOWED_ORIGINS into frame-ancestors", () => {
    expect(frameAncestors(" https://disnaker.blitarkab.go.id , http://127.0.0.1:8787,https://disnaker.blitarkab.go.id")).toEqual([
      "https://disnaker.blitarkab.go.id",
      "http://127.0.0.1:8787",
    ]);
    // a path, a wildcard, another scheme or an injected directive is dropped rather than copied into the header
    const hostile = "https://a.example/path, *, javascript:alert(1), https://b.example; script-src *, 'unsafe-inline', https://c.example";
    expect(frameAncestors(hostile)).toEqual(["https://c.example"]);
    expect(frameCsp(hostile)).toMatch(/frame-ancestors 'self' https:\/\/c\.example$/);
    expect(frameCsp(hostile).match(/script-src/g)).toHaveLength(1);
    expect(frameCsp(undefined)).toMatch(/frame-ancestors 'self'$/);
    expect(frameCsp("")).toMatch(/frame-ancestors 'self'$/);
  });
});
