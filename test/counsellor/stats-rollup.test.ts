/**
 * The daily statistics rollup: loadStats gives exactly the same result from rollups as from the messages alone,
 * for ranges that are fully, partly or not rolled up, with today always live; the cron catches up in bounded
 * runs, a rerun writes the same rows, and rolled-up days keep their counts when messages are deleted.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { officeClockFrom } from "../../src/core/clock.ts";
import { DAY_MS } from "../../src/counsellor/format.ts";
import { ROLLUP_DAYS_PER_RUN, rollupStatement, rollupStats } from "../../src/counsellor/rollup.ts";
import { loadStats, type Stats, type StatsRange } from "../../src/counsellor/stats.ts";
import { createDb } from "../../src/db/client.ts";
import { housekeeping } from "../../src/index.ts";
import { mulberry32 } from "../../src/text/mulberry32.ts";

const db = createDb(env.DB);
const HOUR = 3_600_000;
const MIN = 60_000;
/** 3 August 2026 (WIB) .. today = 9 August 2026, 10:00 WIB */
/** the clock of wrangler.toml, which housekeeping(env) uses */
const WIB = officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" });
const D0 = WIB.day(Date.UTC(2026, 7, 3, 5));
const TODAY = D0 + 6;
const start = (day: number) => WIB.dayStart(day);
const NOW = start(TODAY) + 10 * HOUR;
const TOPICS = ["lowongan", "kartu-ak1", "cv", "menu", null, "unknown", "pelatihan"];

type Msg = [conv: string, at: number, direction: "in" | "out", sender: "seeker" | "bot" | "counsellor", topic: string | null];

/** Seekers with their conversations; seeker "tg:multi" has two conversations, which its distinct count must merge. */
const SEEKERS: Array<[external: string, channel: string, convs: string[]]> = [
  ["tg:1", "telegram", ["tg:1"]],
  ["tg:2", "telegram", ["tg:2"]],
  ["tg:3", "telegram", ["tg:3"]],
  ["tg:multi", "telegram", ["tg:multi-a", "tg:multi-b"]],
  ["tg:old", "telegram", ["tg:old"]],
  ["web:a", "web", ["web:a"]],
  ["web:b", "web", ["web:b"]],
  ["web:c", "web", ["web:c"]],
];
const CONVS = SEEKERS.flatMap(([, channel, convs]) => convs.map((id) => ({ id, channel })));

function messagesToSeed(): Msg[] {
  const rand = mulberry32(20260803);
  const out: Msg[] = [];
  // Old activity: 400 days back (outside any lookback) and 200 days back (inside a 366-day range).
  out.push(["tg:old", start(D0 - 400) + 9 * HOUR, "in", "seeker", "menu"], ["tg:old", start(D0 - 400) + 9 * HOUR + 1, "out", "bot", "menu"]);
  out.push(["tg:old", start(D0 - 200) + 9 * HOUR, "in", "seeker", "cv"], ["tg:2", start(D0 - 200) + 10 * HOUR, "in", "seeker", "cv"]);
  out.push(["web:a", start(D0 - 30) + 11 * HOUR, "in", "seeker", "lowongan"]);
  for (let day = D0; day <= TODAY; day++) {
    const last = day === TODAY ? NOW - start(day) : DAY_MS;
    for (const c of CONVS) {
      if (rand() < 0.45) continue;
      const exchanges = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < exchanges; e++) {
        const at = start(day) + Math.floor(rand() * (last - 10 * MIN));
        const topic = TOPICS[Math.floor(rand() * TOPICS.length)]!;
        out.push([c.id, at, "in", "seeker", topic], [c.id, at + 1, "out", "bot", topic]);
        if (rand() < 0.2) out.push([c.id, at + 5 * MIN, "out", "counsellor", "konselor"]);
      }
    }
    // Only bot messages on this channel today (a weekly alert), and the edges of the WIB day.
    if (day === D0 + 2) out.push(["tg:3", start(day) + 8 * HOUR, "out", "bot", null]);
    if (day < TODAY) out.push(["web:b", start(day), "in", "seeker", "cv"], ["tg:1", start(day + 1) - 1, "in", "seeker", "kartu-ak1"]);
  }
  // The seeker with two conversations: one on D1, the other on D3.
  out.push(["tg:multi-a", start(D0 + 1) + 12 * HOUR, "in", "seeker", "menu"], ["tg:multi-b", start(D0 + 3) + 12 * HOUR, "in", "seeker", "menu"]);
  return out.sort((a, b) => a[1] - b[1]);
}

/** Ranges compared before and after the rollup. */
const RANGES: Array<[string, StatsRange]> = [
  ["the week up to today", { from: start(D0), to: start(TODAY + 1) }],
  ["from the middle of the data up to today", { from: start(D0 + 2), to: start(TODAY + 1) }],
  ["past days only", { from: start(D0 + 1), to: start(D0 + 4) }],
  ["yesterday", { from: start(TODAY - 1), to: start(TODAY) }],
  ["today", { from: start(TODAY), to: start(TODAY + 1) }],
  ["starting before the first message", { from: start(D0 - 10), to: start(TODAY + 1) }],
  ["366 days, reaching the activity 200 days back", { from: start(TODAY + 1 - 366), to: start(TODAY + 1) }],
  ["367 days (longer than the rollup's lookback)", { from: start(TODAY + 1 - 367), to: start(TODAY + 1) }],
  ["not starting at midnight", { from: start(D0 + 1) + 5 * HOUR, to: start(TODAY + 1) }],
  ["not ending at midnight", { from: start(D0), to: start(D0 + 4) + 7 * HOUR }],
];

const statsOf = async () => {
  const all: Record<string, Stats> = {};
  for (const [name, range] of RANGES) all[name] = await loadStats(db, range, WIB);
  return all;
};
const rollupRows = async () => (await env.DB.prepare("select * from stats_daily order by day, channel, topic").all()).results;
const rolledDays = async () => (await env.DB.prepare("select count(distinct day) as n from stats_daily").first<{ n: number }>())!.n;

let live: Record<string, Stats>;

beforeAll(async () => {
  for (const [external, channel, convs] of SEEKERS) {
    await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values (?, ?, 0, ?)").bind(channel, external, NOW).run();
    for (const id of convs) {
      await env.DB.prepare("insert into conversations (id, seeker_id, channel, created_at, updated_at) values (?, (select id from seekers where external_id = ?), ?, 0, ?)")
        .bind(id, external, channel, NOW)
        .run();
    }
  }
  const rows = messagesToSeed();
  for (let i = 0; i < rows.length; i += 50) {
    await env.DB.batch(
      rows.slice(i, i + 50).map(([conv, at, direction, sender, topic]) =>
        env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at) values (?, ?, ?, ?, 'text', 'x', ?, 'answered', ?)").bind(
          conv,
          conv.startsWith("tg:") ? "telegram" : "web",
          direction,
          sender,
          topic,
          at,
        ),
      ),
    );
  }
  const kase = (conv: string, at: number, status: string, outcome: string | null, rating: number | null, replyAfter: number | null) =>
    env.DB.prepare("insert into cases (conversation_id, channel, status, outcome, rating, created_at, first_reply_at, last_seeker_at) values (?, ?, ?, ?, ?, ?, ?, ?)").bind(
      conv,
      conv.startsWith("tg:") ? "telegram" : "web",
      status,
      outcome,
      rating,
      at,
      replyAfter === null ? null : at + replyAfter,
      at,
    );
  await env.DB.batch([
    kase("tg:1", start(D0) + 9 * HOUR, "closed", "vacancy", 4, 3 * MIN),
    kase("web:a", start(D0 + 1) + 10 * HOUR, "closed", "training", 5, 12 * MIN),
    kase("tg:2", start(D0 + 3) + 14 * HOUR, "left", null, null, null),
    kase("web:c", start(D0 + 4), "closed", "informed", 2, 30 * MIN),
    kase("tg:3", start(TODAY) + HOUR, "open", null, null, 7 * MIN),
    kase("tg:multi-b", start(TODAY) + 2 * HOUR, "waiting", null, null, null),
  ]);
  live = await statsOf();
});

describe("statistics rollup", () => {
  it("is computed on data that exercises every figure", () => {
    const week = live["the week up to today"]!;
    const perDay = week.byDay.reduce((n, r) => n + r.conversations, 0);
    const unique = week.uniques.reduce((n, u) => n + u.conversations, 0);
    expect(unique).toBeGreaterThan(0);
    expect(perDay).toBeGreaterThan(unique); // conversations active on several days count once over the range
    expect(week.uniques.find((u) => u.channel === "telegram")!.seekers).toBeLessThan(week.uniques.find((u) => u.channel === "telegram")!.conversations);
    expect(week.byDay.some((r) => r.day === D0 + 2 && r.channel === "telegram")).toBe(true);
    expect(week.topics.map((t) => t.topic)).toContain("unknown");
    expect(week.cases.firstReply.count).toBe(4);
    expect(live["366 days, reaching the activity 200 days back"]!.topics.find((t) => t.topic === "cv")!.count).toBeGreaterThan(week.topics.find((t) => t.topic === "cv")!.count);
  });

  it("gives the same statistics partly rolled up (today and the last days live) as without rollups", async () => {
    // Catch up as the cron would on 3 nights ago: bounded runs, oldest day first.
    const first = await rollupStats(db, start(D0 + 3), WIB);
    expect(first).toHaveLength(ROLLUP_DAYS_PER_RUN);
    expect(first[0]).toBe(D0 - 400);
    let runs = 1;
    while ((await rollupStats(db, start(D0 + 3), WIB)).length > 0) runs++;
    expect(runs).toBe(Math.ceil(403 / ROLLUP_DAYS_PER_RUN));
    expect(await rolledDays()).toBe(403);
    expect(await statsOf()).toStrictEqual(live);
  }, 30_000); // 403 days in 13 bounded runs: over 5 s on a loaded machine (measured 6.5-13 s at a load of 14-16 on 2 cores)

  it("gives the same statistics with every complete day rolled up by the daily housekeeping", async () => {
    await housekeeping(env, NOW);
    expect(await rolledDays()).toBe(403 + 3);
    expect((await env.DB.prepare("select max(day) as d from stats_daily").first<{ d: string }>())!.d).toBe("2026-08-08");
    expect(await rollupStats(db, NOW, WIB)).toEqual([]); // nothing left: today is never rolled up
    expect(await statsOf()).toStrictEqual(live);
  });

  it("reads only a few rows per rolled-up day: days with messages have one row per channel and topic", async () => {
    const rows = (await env.DB.prepare("select count(*) as n from stats_daily where day = '2026-08-05'").first<{ n: number }>())!.n;
    const topics = (await env.DB.prepare("select count(distinct coalesce(topic, 'unknown')) as n from messages").first<{ n: number }>())!.n;
    expect(rows).toBeLessThanOrEqual(1 + 2 * (1 + topics));
  });

  it("writes the same rows when a day is rolled up again", async () => {
    const before = await rollupRows();
    await db.batch([rollupStatement(db, D0 + 1, WIB), rollupStatement(db, D0 + 4, WIB), rollupStatement(db, TODAY - 1, WIB)]);
    expect(await rollupRows()).toStrictEqual(before);
  });

  it("keeps the counts of rolled-up days when their messages are deleted later (retention, erasure)", async () => {
    const past: StatsRange = { from: start(D0), to: start(TODAY) };
    const before = await loadStats(db, past, WIB);
    await env.DB.prepare("delete from messages where created_at >= ? and created_at < ?").bind(start(D0 + 1), start(D0 + 2)).run();
    expect(await loadStats(db, past, WIB)).toStrictEqual(before);
    // The same days counted live (a range not starting at midnight) lose the deleted messages.
    const unaligned = await loadStats(db, { from: past.from + 1, to: past.to }, WIB);
    expect(unaligned.byDay.filter((r) => r.day === D0 + 1).reduce((n, r) => n + r.messagesIn, 0)).toBe(0);
  });
});
