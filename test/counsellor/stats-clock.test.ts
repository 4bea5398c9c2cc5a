/**
 * The dashboard, the statistics and the nightly rollup on the configured office clock: an office in WIT (UTC+09:00)
 * counts a message sent at 16:30 UTC on 10 March on its own date, 11 March, and shows the time as 01.30 WIT.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { dayIso, officeClockFrom } from "../../src/core/clock.ts";
import { loadStats, type Stats } from "../../src/counsellor/stats.ts";
import { createDb } from "../../src/db/client.ts";
import { housekeeping } from "../../src/index.ts";
import { adminApp, get, html, seedCase, signedIn, type Login } from "./helpers.ts";

const WIT_VARS = { OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" };
const WIT = officeClockFrom(WIT_VARS);
const WIB = officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" });
/** 16:30 UTC on Tuesday 10 March 2026 = 01:30 WIT on Wednesday 11 March (23:30 WIB on the 10th). */
const AT = Date.parse("2026-03-10T16:30:00Z");
/** 09:00 WIT on 11 March: the dashboard's clock */
const NOW = Date.parse("2026-03-11T00:00:00Z");
const call = adminApp({ now: () => NOW }, WIT_VARS);
const db = createDb(env.DB);
/** the office day [from, to) of a WIT date */
const witDay = (date: string) => ({ from: WIT.parseDate(date)!, to: WIT.parseDate(date)! + 86_400_000 });
const total = (s: Stats, pick: (r: Stats["byDay"][number]) => number) => s.byDay.reduce((n, r) => n + pick(r), 0);

let me: Login;
let caseId: number;
let live: Stats;

beforeAll(async () => {
  me = await signedIn({ at: NOW });
  ({ caseId } = await seedCase({ createdAt: AT, status: "open", assignedTo: me.id, texts: ["mau tanya lowongan"] }));
  live = await loadStats(db, witDay("2026-03-11"), WIT);
});

describe("statistics on a WIT office clock", () => {
  it("counts the message and the handoff on the WIT date, 11 March, not on 10 March", async () => {
    expect(live.days.map(dayIso)).toEqual(["2026-03-11"]);
    expect(live.byDay).toEqual([expect.objectContaining({ day: WIT.day(AT), channel: "telegram", messagesIn: 1, conversations: 1, handoffs: 1 })]);
    expect(dayIso(live.byDay[0]!.day)).toBe("2026-03-11");
    const before = await loadStats(db, witDay("2026-03-10"), WIT);
    expect(total(before, (r) => r.messagesIn) + total(before, (r) => r.handoffs)).toBe(0);
    // The same instant on a WIB clock is still 10 March: the clock, not the data, decides the day.
    const wib = await loadStats(db, { from: WIB.parseDate("2026-03-10")!, to: WIB.parseDate("2026-03-11")! }, WIB);
    expect(wib.byDay.map((r) => [dayIso(r.day), r.messagesIn])).toEqual([["2026-03-10", 1]]);
  });

  it("shows the WIT dates and times on the statistics page, the inbox, the case and the CSV export", async () => {
    const stats = await html(call("/admin/stats?from=2026-03-11&to=2026-03-11", get(me)));
    expect(stats).toContain("Periode 2026-03-11 s.d. 2026-03-11 (WIT), 1 hari.");
    expect(stats).toMatch(/<td>2026-03-11<\/td><td>Telegram<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    const previous = await html(call("/admin/stats?from=2026-03-10&to=2026-03-10", get(me)));
    expect(previous).not.toContain("<td>2026-03-10</td><td>Telegram</td>");

    const inbox = await html(call("/admin?view=all", get(me)));
    const row = inbox.slice(inbox.indexOf(`/admin/cases/${caseId}"`));
    expect(row).toContain("01.30 WIT");
    expect(row).toContain("pesan terakhir 01.30 WIT");
    expect(inbox).not.toContain("WIB");

    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("11 Mar 2026 01.30 WIT");
    // (Canned replies from content/balasan may name the office hours in their own words.)
    expect(page).not.toMatch(/2026 \d\d\.\d\d WIB/);

    const csv = await (await call("/admin/export.csv?from=2026-03-11&to=2026-03-11", get(me))).text();
    // (no cell of this case contains a semicolon or a quote; semicolons are the export's default)
    const [header, first] = csv.replace(/^\uFEFF/, "").split("\r\n").map((line) => line.split(";").map((c) => c.replace(/^"(.*)"$/, "$1")));
    expect(header).toContain("Dibuat (WIT)");
    expect(first![header!.indexOf("Dibuat (WIT)")]).toBe("2026-03-11 01:30");
  });

  it("rolls up the WIT day at the WIT midnight in the nightly housekeeping, with the same figures", async () => {
    // 23:59 WIT on 11 March: the day is not complete yet.
    await housekeeping({ ...env, ...WIT_VARS }, Date.parse("2026-03-11T14:59:00Z"));
    expect((await env.DB.prepare("select count(*) as n from stats_daily").first<{ n: number }>())!.n).toBe(0);
    // 00:00 WIT on 12 March (15:00 UTC on the 11th, still 22:00 WIB): 11 March is complete.
    await housekeeping({ ...env, ...WIT_VARS }, Date.parse("2026-03-11T15:00:00Z"));
    const rows = (await env.DB.prepare("select day, channel, topic, messages_in as n from stats_daily order by day, channel, topic").all()).results;
    expect(rows).toContainEqual({ day: "2026-03-11", channel: "telegram", topic: "*", n: 1 });
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(["2026-03-11"]));
    expect(await loadStats(db, witDay("2026-03-11"), WIT)).toStrictEqual(live);
  });
});
