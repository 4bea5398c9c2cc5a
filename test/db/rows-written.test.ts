/**
 * The D1 write budget per message (issue 16): D1 bills every row written, index entries included. Messages go
 * through the Worker as in production, with EXPOSE_METRICS on, and the X-Binjol-Usage header gives the rows
 * written by cause (statement verb and table).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith } from "../helpers/app.ts";

const app = appWith({ EXPOSE_METRICS: "1" });
const BASE = "https://binjol.test/api/webchat";

interface Usage {
  d1: number;
  written: number;
  by: Record<string, number>;
}

function parseUsage(header: string | null): Usage {
  const pairs = (header ?? "").split(";").map((p) => p.split("=") as [string, string]);
  const get = (k: string) => Number(pairs.find(([key]) => key === k)?.[1] ?? NaN);
  const by = Object.fromEntries(pairs.filter(([k]) => k.startsWith("w.")).map(([k, v]) => [k.slice(2).replace(".", " "), Number(v)]));
  return { d1: get("d1"), written: get("written"), by };
}

async function session(): Promise<string> {
  const res = await app(new Request(`${BASE}/sessions`, { method: "POST" }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function send(token: string, body: unknown): Promise<Usage> {
  const res = await app(
    new Request(`${BASE}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return parseUsage(res.headers.get("X-Binjol-Usage"));
}

describe("D1 rows written per message", () => {
  it("stays within budget for a session's first message and the typical ones after it", async () => {
    expect(env.DB).toBeDefined();
    const token = await session();
    const first = await send(token, { text: "halo", clientMessageId: "m0" });
    // a realistic run: some follow-ups stay on the same topic
    const texts = ["cara buat cv", "cara buat cv", "kartu kuning", "kartu kuning", "lowongan kerja", "gaji umk berapa"];
    const rest: Usage[] = [];
    for (const [i, text] of texts.entries()) rest.push(await send(token, { text, clientMessageId: `m${i + 1}` }));
    const average = rest.reduce((s, u) => s + u.written, 0) / rest.length;
    console.log("first message:", first.written, first.by);
    console.log("typical messages:", rest.map((u) => u.written), "average", average.toFixed(2), rest.map((u) => u.by));
    for (const u of [first, ...rest]) expect(u.d1).toBe(2);
    expect(first.written).toBeLessThanOrEqual(16);
    // 9 each before conversation rows skipped unchanged writes; same-topic follow-ups now write 8
    expect(average).toBeLessThanOrEqual(52 / 6);
  });

  it("writes no conversation row when a message leaves the state and topic as they were", async () => {
    const token = await session();
    await send(token, { text: "halo", clientMessageId: "a0" });
    const changed = await send(token, { text: "kartu kuning", clientMessageId: "a1" });
    const same = await send(token, { text: "kartu kuning", clientMessageId: "a2" });
    expect(changed.by["update conversations"]).toBe(1);
    expect(same.by["update conversations"]).toBeUndefined();
    expect(same.written).toBe(changed.written - 1);
    // the row still has the state and topic of the last change
    const row = await env.DB.prepare("select last_topic as t, state from conversations where id like 'web:%' order by created_at desc, rowid desc limit 1").first<{ t: string; state: string }>();
    expect(row!.t).toBe(JSON.parse(row!.state).lastTopic);
  });
});
