/** The "Belum terjawab" page: typed questions routed to `unknown`, grouped, paged, and read through a partial index. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { officeClockFrom } from "../../src/core/clock.ts";
import { formatTime } from "../../src/counsellor/format.ts";
import * as v from "valibot";
import { listUnanswered, unansweredStatement, type UnansweredQuery } from "../../src/counsellor/queries.ts";
import { unansweredQuery } from "../../src/counsellor/schemas.ts";
import { contentReadmeUrl, contohSuggestion } from "../../src/counsellor/unanswered.tsx";
import type { ContentBundle } from "../../src/content/types.ts";
import { createDb } from "../../src/db/client.ts";
import { meterD1 } from "../../src/db/metered.ts";
import { adminApp, get, html, signedIn, type Login } from "./helpers.ts";

const call = adminApp();
const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.now();
const TG = "tg:7001";
const WEB = "web:belum-terjawab";

interface Msg {
  id: number;
  conversationId: string;
  direction: "in" | "out";
  kind: string;
  topic: string | null;
  text: string;
  createdAt: number;
}

const seeded: Msg[] = [];
let me: Login;

async function add(o: Partial<Msg> & { text: string; createdAt: number }): Promise<Msg> {
  const m = { conversationId: TG, direction: "in" as const, kind: "text", topic: "unknown", ...o };
  const row = await env.DB.prepare(
    "insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
  )
    .bind(m.conversationId, m.conversationId.startsWith("tg:") ? "telegram" : "web", m.direction, m.direction === "in" ? "seeker" : "bot", m.kind, m.text, m.topic, m.direction === "in" ? "answered" : "sent", m.createdAt)
    .first<{ id: number }>();
  const msg = { ...m, id: row!.id };
  seeded.push(msg);
  return msg;
}

/** What the page should list for `days`: one row per normalised question at its newest message, with counts. */
function expected(days: number, at = NOW): Array<{ id: number; count: number }> {
  const since = at - days * DAY;
  const norm = (t: string) => t.replace(/^ +| +$/g, "").toLowerCase();
  const inRange = seeded.filter((m) => m.direction === "in" && m.kind === "text" && m.topic === "unknown" && m.createdAt >= since);
  const groups = new Map<string, { newest: Msg; count: number }>();
  for (const m of inRange) {
    const g = groups.get(norm(m.text));
    if (!g) groups.set(norm(m.text), { newest: m, count: 1 });
    else {
      g.count++;
      if (m.createdAt > g.newest.createdAt || (m.createdAt === g.newest.createdAt && m.id > g.newest.id)) g.newest = m;
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.newest.createdAt - a.newest.createdAt || b.newest.id - a.newest.id)
    .map((g) => ({ id: g.newest.id, count: g.count }));
}

/** Rows of a page as listed: message id and count. */
function listed(page: string): Array<{ id: number; count: number }> {
  return [...page.matchAll(/data-message="(\d+)">[\s\S]*?data-count="(\d+)"/g)].map((m) => ({ id: Number(m[1]), count: Number(m[2]) }));
}

function rowOf(page: string, id: number): string {
  const start = page.indexOf(`data-message="${id}"`);
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf("</tr>", start));
}

function olderLink(page: string): string | undefined {
  return page.match(/<a href="([^"]+)">Lebih lama »<\/a>/)?.[1]?.replaceAll("&amp;", "&");
}

/** Follow "Lebih lama" from `first` to the end; returns every listed row in order. */
async function allPages(first: string): Promise<{ rows: Array<{ id: number; count: number }>; pages: number }> {
  const rows = [...listed(first)];
  let next = olderLink(first);
  let pages = 1;
  while (next) {
    const page = await html(call(next, get(me)));
    rows.push(...listed(page));
    next = olderLink(page);
    pages++;
    expect(pages).toBeLessThan(20);
  }
  return { rows, pages };
}

let bpjs: Msg;
let evil: Msg;
let long: Msg;
let oldOnly: Msg;

beforeAll(async () => {
  me = await signedIn({ name: "Bu Sri" });
  await env.DB.batch([
    env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('telegram', '7001', 0, 0), ('web', 'belum-terjawab', 0, 0)"),
    env.DB.prepare(
      "insert into conversations (id, seeker_id, channel, created_at, updated_at) values (?1, (select id from seekers where external_id = '7001'), 'telegram', 0, 0), (?2, (select id from seekers where external_id = 'belum-terjawab'), 'web', 0, 0)",
    ).bind(TG, WEB),
  ]);
  // The same question three times in the week (case and outer spaces differ) and once last month.
  await add({ text: "Cara daftar BPJS ketenagakerjaan", createdAt: NOW - 3 * DAY });
  await add({ text: "cara daftar bpjs ketenagakerjaan ", createdAt: NOW - 2 * DAY, conversationId: WEB });
  await add({ text: "Cara daftar BPJS ketenagakerjaan", createdAt: NOW - 20 * DAY });
  bpjs = await add({ text: "CARA DAFTAR BPJS KETENAGAKERJAAN", createdAt: NOW - 30 * MIN, conversationId: WEB });
  // Not listed: answered topics, bot replies, media and commands, and (with the default range) older questions.
  await add({ text: "cara bikin cv", topic: "cv", createdAt: NOW - 10 * MIN });
  await add({ text: "Maaf, saya belum paham pertanyaannya.", direction: "out", createdAt: NOW - 10 * MIN });
  await add({ text: "[foto]", kind: "media", createdAt: NOW - 9 * MIN });
  await add({ text: "/apaini", kind: "command", createdAt: NOW - 8 * MIN });
  await add({ text: "ramalan cuaca besok", topic: null, createdAt: NOW - 7 * MIN });
  oldOnly = await add({ text: "harga emas hari ini", createdAt: NOW - 8 * DAY });
  evil = await add({ text: `<script>alert("xss")</script><img src=x onerror=alert(1)>`, createdAt: NOW - 5 * MIN });
  long = await add({ text: `${"panjang ".repeat(40)}AKHIR-TERSEMBUNYI`, createdAt: NOW - 6 * MIN, conversationId: WEB });
  // 70 further questions (every fifth asked twice) at 70 distinct minutes, inserted oldest-last so ids fall as time rises.
  for (let i = 0; i < 70; i++) {
    const at = NOW - 2 * 60 * MIN - i * MIN;
    await add({ text: `pertanyaan nomor ${i}`, createdAt: at, conversationId: i % 2 ? TG : WEB });
    if (i % 5 === 0) await add({ text: `Pertanyaan Nomor ${i}`, createdAt: at - 3 * DAY });
  }
  // Two messages at the same instant: the tie is broken by id.
  await add({ text: "kembar satu", createdAt: NOW - 90 * MIN });
  await add({ text: "kembar dua", createdAt: NOW - 90 * MIN });
});

describe("belum terjawab page", () => {
  it("links a question to its conversation's case page, and shows a dash when the conversation never reached a counsellor", async () => {
    const row = await env.DB.prepare(
      "insert into cases (conversation_id, channel, status, topic, intake, created_at, last_seeker_at) values (?1, 'web', 'closed', 'konselor', '{}', ?2, ?2) returning id",
    )
      .bind(WEB, NOW - DAY)
      .first<{ id: number }>();
    const caseId = row!.id;
    const page = await html(call("/admin/belum-terjawab", get(me)));
    // bpjs and long were asked in the web conversation, which has a case; evil in the Telegram one, which has none.
    for (const m of [bpjs, long]) expect(rowOf(page, m.id)).toContain(`href="/admin/cases/${caseId}#m${m.id}"`);
    expect(rowOf(page, evil.id)).not.toContain("/admin/cases/");
    const opened = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(opened).toContain(`id="m${bpjs.id}"`);
    await env.DB.prepare("delete from cases where id = ?").bind(caseId).run();
  });

  it("lists only inbound typed questions routed to unknown in the last 7 days, newest first, repeats grouped with counts", async () => {
    const page = await html(call("/admin/belum-terjawab", get(me)));
    const want = expected(7);
    expect(want.length).toBeGreaterThan(50);
    expect(listed(page)).toEqual(want.slice(0, 50));
    expect(listed(page)[0]).toEqual({ id: evil.id, count: 1 });
    // The BPJS question: its newest message, asked three times this week (the month-old one is outside the range).
    const row = rowOf(page, bpjs.id);
    expect(row).toContain('data-count="3"');
    expect(row).toContain("CARA DAFTAR BPJS KETENAGAKERJAAN");
    // in the zone of wrangler.toml
    expect(row).toContain(formatTime(bpjs.createdAt, officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" })));
    expect(row).toContain('<span class="chip web">Web</span>');
    expect(page.match(/<div class="checked">[^<]*daftar bpjs/gi)).toHaveLength(1);
    for (const hidden of ["cara bikin cv", "Maaf, saya belum", "[foto]", "/apaini", "ramalan cuaca", "harga emas"]) expect(page).not.toContain(hidden);
    // Navigation, explanation for staff, and the days tabs.
    expect(page).toContain('href="/admin/belum-terjawab" aria-current="page">Belum terjawab');
    expect(page).toContain("<code>keywords</code>");
    expect(page).toContain("<code>synonyms</code>");
    expect(page).toContain("Panduan untuk staf konten");
    expect(page).toMatch(/<a href="\/admin\/belum-terjawab" aria-current="page">7 hari<\/a>/);
  });

  it("offers a ready contoh: line in the closest guide, and none for a question outside job services", async () => {
    const page = await html(call("/admin/belum-terjawab", get(me)));
    const row = rowOf(page, bpjs.id);
    const suggestion = /data-contoh="([a-z-]+)"/.exec(row);
    expect(suggestion, row).not.toBeNull();
    expect(row).toContain(`content/topik/${suggestion![1]}.md`);
    expect(row).toContain("  - &quot;CARA DAFTAR BPJS KETENAGAKERJAAN&quot;");
    const index = (JSON.parse((env as unknown as { TEST_CONTENT: string }).TEST_CONTENT) as ContentBundle).index;
    expect(contohSuggestion(index, "jadwal kereta api ke malang")).toBeUndefined();
    const quoted = contohSuggestion(index, '  cv ku kudu  nganggo "foto" ora? ');
    expect(quoted).toEqual({ topic: "cv", file: "content/topik/cv.md", line: '  - "cv ku kudu nganggo \\"foto\\" ora?"' });
  });

  it("escapes what seekers typed and shows the first 300 characters", async () => {
    const page = await html(call("/admin/belum-terjawab", get(me)));
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(rowOf(page, evil.id)).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;");
    const row = rowOf(page, long.id);
    expect(row).not.toContain("AKHIR-TERSEMBUNYI");
    expect(row).toContain(`${"panjang ".repeat(37)}panj…`);
  });

  it("pages by keyset without repeats or gaps, with counts over the whole range", async () => {
    const first = await html(call("/admin/belum-terjawab?days=30", get(me)));
    const { rows, pages } = await allPages(first);
    expect(pages).toBe(2);
    expect(rows).toEqual(expected(30));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.find((r) => r.id === bpjs.id)!.count).toBe(4);
    // Every fifth numbered question has a repeat three days earlier.
    expect(rows.filter((r) => r.count === 2).length).toBe(14);
    const second = await html(call(olderLink(first)!, get(me)));
    expect(second).toContain('<a href="/admin/belum-terjawab?days=30">« Terbaru</a>');
    expect(olderLink(second)).toBeUndefined();
    // A cursor past the end lists nothing and says so.
    const end = await html(call("/admin/belum-terjawab?before=1.1", get(me)));
    expect(listed(end)).toEqual([]);
    expect(end).toContain("Tidak ada pertanyaan yang lebih lama.");
  });

  it("takes ?days=1..90 and falls back to 7 days for anything else", async () => {
    const week = listed(await html(call("/admin/belum-terjawab", get(me))));
    const one = listed(await html(call("/admin/belum-terjawab?days=1", get(me))));
    expect(one).toEqual(expected(1).slice(0, 50));
    expect(one.find((r) => r.id === bpjs.id)!.count).toBe(1);
    const month = await allPages(await html(call("/admin/belum-terjawab?days=90", get(me))));
    expect(month.rows.some((r) => r.id === oldOnly.id)).toBe(true);
    for (const bad of ["0", "91", "-1", "abc", "7.5", "1e1", "", "999999999999999999999", "%00"]) {
      const res = await call(`/admin/belum-terjawab?days=${bad}`, get(me));
      expect(res.status, bad).toBe(200);
      expect(listed(await res.text()), bad).toEqual(week);
    }
    expect(await html(call("/admin/belum-terjawab?before=abc&days=x", get(me)))).toContain(`data-message="${evil.id}"`);
    const days = (value: string | undefined) => v.parse(unansweredQuery, { days: value }).days;
    expect([days("90"), days("1"), days("01"), days("91"), days(undefined)]).toEqual([90, 1, 1, 7, 7]);
  });

  it("sends a visitor without a session to the login page, like the other pages", async () => {
    const res = await call("/admin/belum-terjawab?days=30", { redirect: "manual" });
    const other = await call("/admin/cek-lowongan", { redirect: "manual" });
    expect(res.status).toBe(other.status);
    expect(res.headers.get("location")).toBe("/admin/login?next=%2Fadmin%2Fbelum-terjawab%3Fdays%3D30");
    expect(await res.text()).not.toContain("pertanyaan nomor");
  });

  it("links the README section when the repository is known", () => {
    expect(contentReadmeUrl("https://github.com/contoh/binjol/")).toBe(
      "https://github.com/contoh/binjol/blob/main/README.md#panduan-untuk-staf-konten-bahasa-indonesia",
    );
  });
});

describe("rows read", () => {
  async function plan(q: UnansweredQuery): Promise<string[]> {
    const query = unansweredStatement(createDb(env.DB), q).toSQL();
    const rows = await env.DB.prepare(`explain query plan ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    return rows.results.map((r) => r.detail);
  }

  it("walks the partial indexes, never the table or a sort", async () => {
    for (const q of [{ since: NOW - 7 * DAY }, { since: NOW - 30 * DAY, before: { createdAt: NOW - DAY, id: 50 } }]) {
      const details = await plan(q);
      const text = details.join("\n");
      expect(details[0], text).toMatch(/^SEARCH m USING INDEX messages_unknown_idx \(created_at>\?( AND created_at<\?)?\)$/);
      // The newest-of-its-question probe and the count: ranges of the expression index.
      expect(text.match(/SEARCH r USING (COVERING )?INDEX messages_unknown_text_idx \(<expr>=\? AND created_at>\?\)/g)?.length, text).toBe(2);
      expect(text).not.toMatch(/SCAN|TEMP B-TREE/);
    }
  });

  it("reads O(page) rows with 5,000 messages of which 200 are unknown", async () => {
    // Start from an empty table: 4,800 answered or outbound messages and 200 unknown questions (50 asked twice).
    await env.DB.prepare("delete from messages").run();
    seeded.length = 0;
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 4800)
       insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at)
       select ?1, 'telegram', case when i % 2 then 'in' else 'out' end, case when i % 2 then 'seeker' else 'bot' end, 'text',
              'pesan ' || i, case when i % 2 then 'lowongan' else null end, case when i % 2 then 'answered' else 'sent' end, ?2 - i * 60000 from n`,
    )
      .bind(TG, NOW)
      .run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 200)
       insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at)
       select ?1, 'telegram', 'in', 'seeker', 'text', 'tanya ' || (case when i > 150 then i - 150 else i end), 'unknown', 'answered', ?2 - i * 1000 from n`,
    )
      .bind(TG, NOW)
      .run();
    const total = await env.DB.prepare("select count(*) as n, sum(topic = 'unknown') as u from messages").first<{ n: number; u: number }>();
    expect(total).toEqual({ n: 5000, u: 200 });

    const measure = async (q: UnansweredQuery) => {
      const usage = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
      const page = await listUnanswered(createDb(meterD1(env.DB, usage)), q);
      return { usage, page };
    };
    const first = await measure({ since: NOW - 7 * DAY });
    expect(first.usage.roundTrips).toBe(1);
    expect(first.page.rows).toHaveLength(50);
    // The newest 50: "tanya 1".."tanya 50", each asked twice (i and i + 150).
    expect(first.page.rows.map((r) => r.text)).toEqual(Array.from({ length: 50 }, (_, i) => `tanya ${i + 1}`));
    expect(first.page.rows.every((r) => r.count === 2)).toBe(true);
    const second = await measure({ since: NOW - 7 * DAY, before: first.page.before! });
    const third = await measure({ since: NOW - 7 * DAY, before: second.page.before! });
    expect(third.page.rows.map((r) => r.text)).toEqual(Array.from({ length: 50 }, (_, i) => `tanya ${i + 101}`));
    expect(third.page.before).toBeUndefined();
    // Per listed row: its index entry and table row, the newest-of-question probe, and its count (2 here).
    // The last page also walks the 50 older repeats it skips. A scan would read at least 5,000 rows.
    for (const m of [first, second, third]) expect(m.usage.rowsRead).toBeLessThan(600);
    console.log("unanswered page rows read", { first: first.usage.rowsRead, second: second.usage.rowsRead, third: third.usage.rowsRead });
  });
});
