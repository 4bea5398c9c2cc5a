/** The benchmark's probes (src/http/probes.ts) answer only with EXPOSE_METRICS=1, and the store probe logs like a message. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith } from "../helpers/app.ts";

const get = (app: ReturnType<typeof appWith>, path: string) => app(new Request(`https://binjol.test${path}`));

describe("benchmark probes", () => {
  it("are 404 without EXPOSE_METRICS", async () => {
    const app = appWith();
    for (const path of ["/bench/store", "/bench/limit", "/bench/send", "/bench/telegram-code", "/bench/web-code"]) expect((await get(app, path)).status, path).toBe(404);
  });

  it("store: one message in and one reply out, in two D1 round trips", async () => {
    const app = appWith({ EXPOSE_METRICS: "1" });
    const count = async () => (await env.DB.prepare(`select count(*) as n from messages where conversation_id like 'tg:9%'`).first<{ n: number }>())!.n;
    const before = await count();
    const res = await get(app, "/bench/store");
    expect(res.status).toBe(200);
    expect(await count()).toBe(before + 2);
  });

  it("web-code answers a message through the core without D1", async () => {
    const res = await get(appWith({ EXPOSE_METRICS: "1" }), "/bench/web-code");
    expect(((await res.json()) as { replies: number }).replies).toBeGreaterThan(0);
  });

  it("limit answers without refusing", async () => {
    const res = await get(appWith({ EXPOSE_METRICS: "1" }), "/bench/limit");
    expect(await res.json()).toEqual({ ok: true });
  });
});
