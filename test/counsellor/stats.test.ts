/** Statistics: numbers per WIB day and channel, topics, handoffs, first-reply time, ratings, and the charts. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { officeClockFrom } from "../../src/core/clock.ts";
import { parseDay as parseOfficeDay } from "../../src/counsellor/format.ts";
import { loadStats } from "../../src/counsellor/stats.ts";
import { createDb } from "../../src/db/client.ts";
import { meterD1 } from "../../src/db/metered.ts";
import { adminApp, get, html, signedIn, type Login } from "./helpers.ts";

const call = adminApp();
/** the office clock of wrangler.toml, which the dashboard uses */
const WIB = officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" });
const parseDay = (value: string) => parseOfficeDay(value, WIB);
const MIN = 60_000;
/** 09:00 WIB on 1-3 July 2026 */
const D1 = Date.UTC(2026, 6, 1, 2);
const D2 = D1 + 86_400_000;
const D3 = D2 + 86_400_000;
let me: Login;

async function conversation(id: string, channel: string) {
  await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values (?, ?, 0, 0)").bind(channel, id).run();
  await env.DB.prepare("insert into conversations (id, seeker_id, channel, created_at, updated_at) values (?, (select id from seekers where external_id = ?), ?, 0, 0)").bind(id, id, channel).run();
}

async function message(conv: string, at: number, direction: "in" | "out", sender: "seeker" | "bot" | "counsellor", topic: string | null) {
  const channel = conv.startsWith("tg:") ? "telegram" : "web";
  await env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at) values (?, ?, ?, ?, 'text', 'x', ?, 'answered', ?)")
    .bind(conv, channel, direction, sender, topic, at)
    .run();
}

async function kase(conv: string, at: number, status: string, extra: { outcome?: string; rating?: number; replyAfterMin?: number } = {}) {
  const channel = conv.startsWith("tg:") ? "telegram" : "web";
  await env.DB.prepare("insert into cases (conversation_id, channel, status, outcome, rating, created_at, first_reply_at, last_seeker_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(conv, channel, status, extra.outcome ?? null, extra.rating ?? null, at, extra.replyAfterMin === undefined ? null : at + extra.replyAfterMin * MIN, at)
    .run();
}

beforeAll(async () => {
  me = await signedIn();
  await conversation("tg:1001", "telegram");
  await conversation("tg:1002", "telegram");
  await conversation("web:c", "web");
  // Just outside the range: 30 June 23:59 WIB.
  await message("tg:1001", D1 - 9 * 3600_000 - MIN, "in", "seeker", "privasi");
  // Day 1 (telegram): A asks 3 things, B opens the menu.
  await message("tg:1001", D1, "in", "seeker", "cv");
  await message("tg:1001", D1 + 1, "out", "bot", "cv");
  await message("tg:1001", D1 + MIN, "in", "seeker", "cv");
  await message("tg:1001", D1 + MIN + 1, "out", "bot", "cv");
  await message("tg:1002", D1 + 2 * MIN, "in", "seeker", "menu");
  await message("tg:1002", D1 + 2 * MIN + 1, "out", "bot", "menu");
  await message("tg:1001", D1 + 3 * MIN, "in", "seeker", "lowongan");
  await message("tg:1001", D1 + 3 * MIN + 1, "out", "bot", "lowongan");
  // A gap in the ids (a seeker erased their data).
  await message("tg:1002", D1 + 4 * MIN, "in", "seeker", "menu");
  await env.DB.prepare("delete from messages where created_at = ?").bind(D1 + 4 * MIN).run();
  // Day 2: A on telegram, C on the web with a counsellor.
  await message("tg:1001", D2, "in", "seeker", "kartu-ak1");
  await message("tg:1001", D2 + 1, "out", "bot", "kartu-ak1");
  await message("web:c", D2 + MIN, "in", "seeker", "wawancara");
  await message("web:c", D2 + MIN + 1, "out", "bot", "wawancara");
  await message("web:c", D2 + 2 * MIN, "in", "seeker", "wawancara");
  await message("web:c", D2 + 2 * MIN + 1, "out", "bot", "wawancara");
  await message("web:c", D2 + 3 * MIN, "out", "counsellor", "konselor");
  // Just outside: 4 July 00:00 WIB.
  await message("web:c", D3 + 15 * 3600_000, "in", "seeker", "privasi");
  await kase("tg:1001", D1 + 3 * MIN, "closed", { outcome: "vacancy", rating: 4, replyAfterMin: 2 });
  await kase("web:c", D2 + MIN, "closed", { outcome: "training", rating: 5, replyAfterMin: 10 });
  await kase("tg:1002", D3, "waiting");
  await kase("tg:1001", D3 + MIN, "open", { replyAfterMin: 4 });
  await kase("tg:1002", D3 + 15 * 3600_000, "waiting"); // 4 July
  await env.DB.prepare("insert into erasures (day, channel, seekers, messages, cases) values ('2026-07-02', 'web', 2, 31, 1), ('2026-07-09', 'web', 5, 50, 0)").run();
});

describe("statistics", () => {
  it("counts per WIB day and channel, uniques, topics, handoffs, first-reply time and ratings", async () => {
    const usage = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
    const s = await loadStats(createDb(meterD1(env.DB, usage)), { from: parseDay("2026-07-01")!, to: parseDay("2026-07-04")! }, WIB);
    expect(usage.roundTrips).toBe(1);
    const day = (d: number) => WIB.day(d);
    expect(s.days).toEqual([day(D1), day(D2), day(D3)]);
    expect(s.byDay).toEqual([
      { day: day(D1), channel: "telegram", messagesIn: 4, botReplies: 4, counsellorReplies: 0, conversations: 2, seekers: 2, handoffs: 1 },
      { day: day(D2), channel: "telegram", messagesIn: 1, botReplies: 1, counsellorReplies: 0, conversations: 1, seekers: 1, handoffs: 0 },
      { day: day(D2), channel: "web", messagesIn: 2, botReplies: 2, counsellorReplies: 1, conversations: 1, seekers: 1, handoffs: 1 },
      { day: day(D3), channel: "telegram", messagesIn: 0, botReplies: 0, counsellorReplies: 0, conversations: 0, seekers: 0, handoffs: 2 },
    ]);
    expect(s.uniques.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: "telegram", seekers: 2, conversations: 2 },
      { channel: "web", seekers: 1, conversations: 1 },
    ]);
    expect(s.topics).toEqual([
      { topic: "cv", count: 2 },
      { topic: "wawancara", count: 2 },
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
    ]);
    expect(s.topics.slice(2).map((t) => t.topic).sort()).toEqual(["kartu-ak1", "lowongan", "menu"]);
    expect(s.cases.byStatus).toEqual({ closed: 2, waiting: 1, open: 1 });
    expect(s.cases.byOutcome).toEqual({ vacancy: 1, training: 1 });
    expect(s.cases.firstReply).toEqual({ count: 3, medianMs: 4 * MIN, p90Ms: 10 * MIN });
    expect(s.cases.ratings).toEqual({ count: 2, average: 4.5, byValue: [0, 0, 0, 1, 1] });
    expect(s.erased).toEqual({ seekers: 2, messages: 31, cases: 1 });
  });

  it("takes the median of an even count as the mean of the middle two", async () => {
    const s = await loadStats(createDb(env.DB), { from: parseDay("2026-07-01")!, to: parseDay("2026-07-03")! }, WIB);
    expect(s.cases.firstReply).toEqual({ count: 2, medianMs: 6 * MIN, p90Ms: 10 * MIN });
  });

  it("reads only the range's messages, not the whole table", async () => {
    const before = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
    await loadStats(createDb(meterD1(env.DB, before)), { from: parseDay("2026-07-02")!, to: parseDay("2026-07-03")! }, WIB);
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000)
       insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at)
       select 'web:c', 'web', 'in', 'seeker', 'text', 'x', 'cv', 'answered', ?1 + i from n`,
    ).bind(D3 + 86_400_000).run();
    const after = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
    const s = await loadStats(createDb(meterD1(env.DB, after)), { from: parseDay("2026-07-02")!, to: parseDay("2026-07-03")! }, WIB);
    expect(s.byDay.reduce((n, r) => n + r.messagesIn, 0)).toBe(3);
    expect(after.rowsRead).toBeLessThan(before.rowsRead + 500);
  });
});

describe("statistics page", () => {
  it("shows totals, the per-channel table and inline SVG charts for the chosen range", async () => {
    const page = await html(call("/admin/stats?from=2026-07-01&to=2026-07-03", get(me)));
    expect(page).toContain("Periode 2026-07-01 s.d. 2026-07-03");
    expect(page.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(6);
    expect(page).toContain("Median waktu balasan pertama petugas");
    expect(page).toContain("4 menit");
    expect(page).toContain("4,5 / 5");
    expect(page).toContain('href="/admin/export.csv?from=2026-07-01&amp;to=2026-07-03"');
    expect(page).toContain('href="/admin/export.csv?from=2026-07-01&amp;to=2026-07-03&amp;sep=comma"');
    expect(page).toContain('href="/admin/stats/topik.svg?from=2026-07-01&amp;to=2026-07-03"');
    expect(page).toContain("2 pencari kerja menghapus datanya (31 pesan, 1 kasus)");
  });

  it("serves each chart as a standalone SVG file to paste into a report", async () => {
    const res = await call("/admin/stats/percakapan.svg?from=2026-07-01&to=2026-07-03", get(me));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await res.text();
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("<title>Percakapan per hari</title>");
    expect(svg).not.toMatch(/<script|style=/);
    expect((await call("/admin/stats/rahasia.svg", get(me))).status).toBe(404);
  });

  it("falls back to the last 30 days with a notice when the range is invalid", async () => {
    const page = await html(call("/admin/stats?from=2026-07-05&to=2026-07-01", get(me)));
    expect(page).toContain("Periode tidak valid");
    expect(page).toContain("30 hari");
  });
});
