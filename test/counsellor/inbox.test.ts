/** The inbox: tabs, filters, search, keyset paging, and O(page) rows read. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { inboxUrl } from "../../src/counsellor/pages/inbox.tsx";
import { caseDetail, listInbox, searchCases } from "../../src/counsellor/queries.ts";
import { createDb } from "../../src/db/client.ts";
import { meterD1 } from "../../src/db/metered.ts";
import { adminApp, get, html, seedCase, signedIn, type Login } from "./helpers.ts";

const call = adminApp();
const T0 = Date.UTC(2026, 10, 2, 1, 0); // 08:00 WIB
const MIN = 60_000;

let me: Login;
let other: Login;
const ids: Record<string, number> = {};

/** Case ids in the order a page lists them. */
function listed(page: string): number[] {
  return [...page.matchAll(/href="\/admin\/cases\/(\d+)"/g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  me = await signedIn({ name: "Bu Sri" });
  other = await signedIn({ name: "Pak Joko" });
  ids.tg1 = (await seedCase({ createdAt: T0, topic: "konselor", intake: { need: "cari kerja pabrik", kecamatan: "Kanigoro" }, texts: ["/konselor", "saya lulusan SMK mesin"] })).caseId;
  ids.web1 = (await seedCase({ channel: "web", createdAt: T0 + 0.5 * MIN, topic: "lowongan", texts: ["ada lowongan OPERATOR Forklift?"] })).caseId;
  ids.tg2 = (await seedCase({ createdAt: T0 + 1 * MIN, topic: "lowongan", texts: ["info lowongan di Wlingi"] })).caseId;
  ids.web2 = (await seedCase({ channel: "web", createdAt: T0 + 1.5 * MIN, topic: "cv" })).caseId;
  ids.tg3 = (await seedCase({ createdAt: T0 + 2 * MIN, topic: "cv" })).caseId;
  ids.mine = (await seedCase({ status: "open", assignedTo: me.id, createdAt: T0 + 3 * MIN })).caseId;
  ids.theirs = (await seedCase({ status: "open", assignedTo: other.id, createdAt: T0 + 4 * MIN })).caseId;
  ids.closed1 = (await seedCase({ status: "closed", assignedTo: me.id, outcome: "vacancy", createdAt: T0 - 60 * MIN, texts: ["operator forklift sudah dapat, makasih"] })).caseId;
  ids.closed2 = (await seedCase({ status: "closed", assignedTo: other.id, outcome: "informed", createdAt: T0 - 30 * MIN })).caseId;
});

describe("inbox tabs", () => {
  it("lists waiting cases oldest first with their waiting time, and counts waiting and mine", async () => {
    const page = await html(call("/admin", get(me)));
    expect(listed(page)).toEqual([ids.tg1, ids.web1, ids.tg2, ids.web2, ids.tg3]);
    expect(page).toMatch(/Menunggu <span class="badge hot">5<\/span>/);
    expect(page).toMatch(/Milik saya <span class="badge">1<\/span>/);
    expect(page).toMatch(/\d+ (hari|jam)/); // waited since early November
    expect(page).toContain("cari kerja pabrik");
    expect(page).toContain("saya lulusan SMK mesin"); // last message preview
    expect(page).toContain('data-refresh="30"');
  });

  it("shows my open cases under 'mine', closed ones newest first under 'closed', and everything newest first under 'all'", async () => {
    expect(listed(await html(call("/admin?view=mine", get(me))))).toEqual([ids.mine]);
    expect(listed(await html(call("/admin?view=mine", get(other))))).toEqual([ids.theirs]);
    expect(listed(await html(call("/admin?view=closed", get(me))))).toEqual([ids.closed2, ids.closed1]);
    const all = listed(await html(call("/admin?view=all", get(me))));
    expect(all).toEqual(Object.values(ids).sort((a, b) => b - a));
  });

  it("filters by channel and topic, and ignores unknown filter values", async () => {
    expect(listed(await html(call("/admin?channel=web", get(me))))).toEqual([ids.web1, ids.web2]);
    expect(listed(await html(call("/admin?topic=lowongan", get(me))))).toEqual([ids.web1, ids.tg2]);
    expect(listed(await html(call("/admin?channel=telegram&topic=cv", get(me))))).toEqual([ids.tg3]);
    expect(listed(await html(call("/admin?view=closed&channel=telegram", get(me))))).toEqual([ids.closed2, ids.closed1]);
    expect(listed(await html(call("/admin?channel=constructor&topic=__proto__&view=nope", get(me))))).toHaveLength(5);
  });

  it("searches message text case-insensitively across all statuses, newest hit first, and jumps to #id", async () => {
    const page = await html(call(`/admin?q=${encodeURIComponent("operator forklift")}`, get(me)));
    expect(listed(page)).toEqual([ids.closed1, ids.web1]); // the closed case's message was logged last
    expect(page).toContain("Hasil pencarian");
    expect(listed(await html(call("/admin?q=100%25", get(me))))).toEqual([]);
    const jump = await call(`/admin?q=%23${ids.tg2}`, get(me));
    expect(jump.headers.get("location")).toBe(`/admin/cases/${ids.tg2}`);
  });
});

describe("search windows", () => {
  it("looks through a bounded window of messages and continues below it", async () => {
    const db = createDb(env.DB);
    const first = await searchCases(db, "lowongan", { window: 3 });
    expect(first.scanned).toBe(3);
    expect(first.before).toBeGreaterThan(0);
    const seen = new Set(first.rows.map((r) => r.id));
    let before = first.before;
    for (let i = 0; before && i < 50; i++) {
      const next = await searchCases(db, "lowongan", { window: 3, before });
      for (const r of next.rows) seen.add(r.id);
      before = next.before;
    }
    expect(before).toBeUndefined();
    expect([...seen].sort()).toEqual([ids.web1, ids.tg2].sort());
  });
});

describe("paging", () => {
  it("walks a long list by keyset (created_at, id) without gaps or repeats, also over equal timestamps", async () => {
    const T = Date.UTC(2026, 9, 1);
    const seeded: number[] = [];
    for (let i = 0; i < 23; i++) seeded.push((await seedCase({ channel: "web", topic: "bkk", createdAt: T + Math.floor(i / 3) * MIN, texts: [] })).caseId);
    const db = createDb(env.DB);
    const seen: number[] = [];
    let cursor;
    for (let i = 0; i < 10; i++) {
      const page = await listInbox(db, { view: "waiting", counsellorId: me.id, channel: "web", topic: "bkk", limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(seen).toEqual(seeded);
    // Through HTTP: 50 per page and a link to the next.
    const firstPage = await html(call("/admin", get(me)));
    expect(listed(firstPage)).toHaveLength(28);
    expect(firstPage).not.toContain("Halaman berikutnya");
    const url = inboxUrl({ view: "closed", channel: "web" }, { cursor: { createdAt: 5, id: 7 } });
    expect(url).toBe("/admin?view=closed&channel=web&cursor=5.7");
  });
});

describe("rows read", () => {
  it("is O(page) for every tab and for the conversation view, however many cases and messages there are", async () => {
    const db = createDb(env.DB);
    const measure = async (run: (d: ReturnType<typeof createDb>) => Promise<unknown>) => {
      const usage = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
      await run(createDb(meterD1(env.DB, usage)));
      return usage;
    };
    const views = ["waiting", "mine", "all", "closed"] as const;
    // 3,000 more cases (half waiting, half closed) with 6,000 messages.
    await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('telegram', 'bulk', 0, 0)").run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000)
       insert into conversations (id, seeker_id, channel, state, created_at, updated_at)
       select 'tg:9' || i, (select id from seekers where external_id = 'bulk'), 'telegram', '{}', ?1, ?1 from n`,
    ).bind(T0 - 86_400_000).run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000)
       insert into cases (conversation_id, channel, status, topic, created_at, last_seeker_at)
       select 'tg:9' || i, 'telegram', case when i % 2 = 0 then 'waiting' else 'closed' end, 'cv', ?1 + i, ?1 + i from n`,
    ).bind(T0 - 86_400_000).run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 6000)
       insert into messages (conversation_id, channel, direction, sender, kind, text, status, created_at)
       select 'tg:9' || (i % 3000 + 1), 'telegram', 'in', 'seeker', 'text', 'pesan ' || i, 'answered', ?1 + i from n`,
    ).bind(T0 - 86_400_000).run();

    for (const view of views) {
      const usage = await measure((d) => listInbox(d, { view, counsellorId: me.id }));
      // One page of 50: the rows, one last-message probe each, and the capped badge counts (≤ 2 × 101).
      expect(usage.rowsRead, view).toBeLessThan(300);
      expect(usage.roundTrips).toBe(1);
    }
    const detail = await measure((d) => caseDetail(d, ids.tg1!));
    expect(detail.roundTrips).toBe(1);
    expect(detail.rowsRead).toBeLessThan(100);
    const page = await listInbox(db, { view: "waiting", counsellorId: me.id });
    expect(page.rows).toHaveLength(50);
    expect(page.counts.waiting).toBe(101);
    expect(await html(call("/admin", get(me)))).toContain('<span class="badge hot">100+</span>');
  });
});
