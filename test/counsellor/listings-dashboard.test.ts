/** Dashboard additions for listings: the scam-check log, the listing a case is about, the saved profile, inbox tags. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { listScamChecks, scamChecksStatement, scamCountsStatement, type ScamVerdict } from "../../src/counsellor/queries.ts";
import { createDb } from "../../src/db/client.ts";
import { meterD1 } from "../../src/db/metered.ts";
import type { Listings } from "../../src/listings/types.ts";
import { adminApp, get, html, seedCase, signedIn, type Login } from "./helpers.ts";
import { listingsFromBlobs } from "../helpers/stored-listings.ts";

const call = adminApp();
const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.now();
const VERDICTS: ScamVerdict[] = ["suspicious", "verified", "unverified"];

const bundle = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const listings = listingsFromBlobs(JSON.parse(env.TEST_BLOBS) as Record<string, string>, bundle.blobs.listings!);
const vacancy = listings.vacancies[0]!;
const place = listings.places[0]!;

interface Seeded {
  id: number;
  createdAt: number;
  verdict: ScamVerdict;
  messageId: number;
  conversationId: string;
}

let me: Login;
let withCase: { caseId: number; conversationId: string };
const noCase = "web:tanpa-kasus";
const checks: Seeded[] = [];
let evilId = 0;

/** Check ids in the order a page lists them. */
function listed(page: string): number[] {
  return [...page.matchAll(/data-check="(\d+)"/g)].map((m) => Number(m[1]));
}

/** The expected order: newest first, ties by id. */
function newestFirst(rows: Seeded[]): number[] {
  return [...rows].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id).map((r) => r.id);
}

/** The HTML of one check's table row. */
function rowOf(page: string, id: number): string {
  const start = page.indexOf(`data-check="${id}"`);
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf("</tr>", start));
}

/** The href of the "Lebih lama" link, if any. */
function olderLink(page: string): string | undefined {
  return page.match(/<a href="([^"]+)">Lebih lama »<\/a>/)?.[1]?.replaceAll("&amp;", "&");
}

async function addCheck(o: { conversationId: string; createdAt: number; verdict: ScamVerdict; flags?: string[]; slug?: string; text: string }): Promise<Seeded> {
  const channel = o.conversationId.startsWith("tg:") ? "telegram" : "web";
  const msg = await env.DB.prepare(
    "insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, created_at) values (?, ?, 'in', 'seeker', 'text', ?, 'cek-lowongan', 'answered', ?) returning id",
  )
    .bind(o.conversationId, channel, o.text, o.createdAt)
    .first<{ id: number }>();
  const row = await env.DB.prepare("insert into scam_checks (message_id, conversation_id, channel, verdict, flags, vacancy_slug, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id")
    .bind(msg!.id, o.conversationId, channel, o.verdict, JSON.stringify(o.flags ?? []), o.slug ?? null, o.createdAt)
    .first<{ id: number }>();
  const seeded = { id: row!.id, createdAt: o.createdAt, verdict: o.verdict, messageId: msg!.id, conversationId: o.conversationId };
  checks.push(seeded);
  return seeded;
}

beforeAll(async () => {
  me = await signedIn({ name: "Bu Sri" });
  withCase = await seedCase({ texts: [] });
  await env.DB.batch([
    env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('web', 'tanpa-kasus', 0, 0)"),
    env.DB.prepare("insert into conversations (id, seeker_id, channel, created_at, updated_at) values (?, (select id from seekers where external_id = 'tanpa-kasus'), 'web', 0, 0)").bind(noCase),
  ]);
  // 57 checks inserted oldest-last: ids grow while times fall, three at each minute, so the order needs the tie-break.
  for (let i = 0; i < 57; i++) {
    const verdict = VERDICTS[i % 3]!;
    await addCheck({
      conversationId: i % 2 === 0 ? withCase.conversationId : noCase,
      createdAt: NOW - 60 * MIN - Math.floor(i / 3) * MIN,
      verdict,
      flags: verdict === "suspicious" ? ["fee", "early-id-request", i === 0 ? "brand-new-flag" : "tourist-visa"] : [],
      ...(verdict === "verified" ? { slug: vacancy.slug } : {}),
      text: `Lowongan nomor ${i} kerja enak gaji besar`,
    });
  }
  // Two checks from last month: listed at the end, not in the 7-day counts.
  await addCheck({ conversationId: noCase, createdAt: NOW - 30 * DAY, verdict: "suspicious", flags: ["task-deposit"], text: "tugas like dan subscribe, deposit dulu" });
  await addCheck({ conversationId: noCase, createdAt: NOW - 31 * DAY, verdict: "unverified", text: "lowongan lama" });
  // The newest check carries markup and a long text.
  evilId = (
    await addCheck({
      conversationId: withCase.conversationId,
      createdAt: NOW - MIN,
      verdict: "suspicious",
      flags: ["illegal-business"],
      text: `<script>alert("xss")</script><img src=x onerror=alert(1)> ${"panjang ".repeat(60)}AKHIR-TERSEMBUNYI`,
    })
  ).id;
});

describe("cek lowongan page", () => {
  it("lists the newest checks first with verdict, translated flags, the matched vacancy and a link to the case", async () => {
    const page = await html(call("/admin/cek-lowongan", get(me)));
    expect(listed(page)).toEqual(newestFirst(checks).slice(0, 50));
    expect(page).toContain('href="/admin/cek-lowongan" aria-current="page">Cek lowongan');

    const suspicious = checks.find((c) => c.verdict === "suspicious" && c.id !== evilId && c.createdAt > NOW - DAY)!;
    const row = rowOf(page, suspicious.id);
    expect(row).toContain('<span class="verdict v-suspicious">Mencurigakan</span>');
    for (const label of ["minta biaya", "minta KTP/KK"]) expect(row).toContain(`>${label}</span>`);
    expect(row).toMatch(/>(visa turis\/umrah|brand-new-flag)<\/span>/);
    expect(row).toContain(`href="/admin/cases/${withCase.caseId}#m${suspicious.messageId}"`);
    expect(row).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}\.\d{2}/);

    const first = rowOf(page, checks[0]!.id);
    expect(first).toContain(">brand-new-flag</span>"); // an unknown flag shows its id

    const verified = checks.find((c) => c.verdict === "verified" && c.conversationId === noCase)!;
    const vrow = rowOf(page, verified.id);
    expect(vrow).toContain('<span class="verdict v-verified">Terverifikasi</span>');
    expect(vrow).toContain(`<code class="small">${vacancy.slug}</code>`);
    expect(vrow).not.toContain("/admin/cases/"); // that conversation has no case
    expect(rowOf(page, checks.find((c) => c.verdict === "unverified")!.id)).toContain("Belum terverifikasi");
  });

  it("counts the last 7 days per verdict at the top", async () => {
    const page = await html(call("/admin/cek-lowongan", get(me)));
    const recent = checks.filter((c) => c.createdAt >= NOW - 7 * DAY);
    for (const v of VERDICTS) {
      const n = recent.filter((c) => c.verdict === v).length;
      expect(page, v).toMatch(new RegExp(`data-verdict="${v}"><div class="v">${n}</div>`));
    }
    expect(recent.length).toBe(checks.length - 2);
  });

  it("filters by verdict and ignores an unknown verdict", async () => {
    const page = await html(call("/admin/cek-lowongan?verdict=suspicious", get(me)));
    const ids = listed(page);
    expect(ids).toEqual(newestFirst(checks.filter((c) => c.verdict === "suspicious")));
    expect(ids.length).toBeGreaterThan(10);
    expect(page).not.toContain("Terverifikasi</span>");
    expect(page).toContain('href="/admin/cek-lowongan?verdict=suspicious" aria-current="page"');
    expect(listed(await html(call("/admin/cek-lowongan?verdict=verified", get(me))))).toEqual(newestFirst(checks.filter((c) => c.verdict === "verified")));
    expect(listed(await html(call("/admin/cek-lowongan?verdict=__proto__&before=abc", get(me))))).toEqual(newestFirst(checks).slice(0, 50));
  });

  it("pages with before= through every check once, also when filtered and over equal times", async () => {
    const first = await html(call("/admin/cek-lowongan", get(me)));
    const next = olderLink(first);
    expect(next).toBe(`/admin/cek-lowongan?before=${listed(first).at(-1)}`);
    const second = await html(call(next!, get(me)));
    expect(olderLink(second)).toBeUndefined();
    expect(second).toContain("« Terbaru");
    expect([...listed(first), ...listed(second)]).toEqual(newestFirst(checks));

    // Small pages through the query, filtered: ties at one minute fall across page edges.
    const db = createDb(env.DB);
    for (const verdict of [undefined, "suspicious", "unverified"] as const) {
      const seen: number[] = [];
      let before: number | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await listScamChecks(db, { ...(verdict ? { verdict } : {}), ...(before ? { before } : {}), limit: 4 }, NOW - 7 * DAY);
        seen.push(...page.rows.map((r) => r.id));
        before = page.before;
        if (!before) break;
      }
      expect(seen, verdict ?? "all").toEqual(newestFirst(checks.filter((c) => !verdict || c.verdict === verdict)));
    }
    // Through HTTP the filter travels with the link.
    const filtered = await listScamChecks(db, { verdict: "suspicious", limit: 3 }, 0);
    expect(filtered.before).toBeDefined();
    const page = await html(call(`/admin/cek-lowongan?verdict=suspicious&before=${filtered.before}`, get(me)));
    expect(listed(page)).toEqual(newestFirst(checks.filter((c) => c.verdict === "suspicious")).slice(3));
  });

  it("shows the first 300 characters of the checked text, escaped", async () => {
    const page = await html(call("/admin/cek-lowongan", get(me)));
    const row = rowOf(page, evilId);
    expect(page).not.toMatch(/<script>alert|<img src=x/);
    expect(page).not.toMatch(/<script(?![^>]*src="\/admin\/(app|live)\.js)/);
    expect(row).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(row).toContain("…");
    expect(row).not.toContain("AKHIR-TERSEMBUNYI");
    expect(row).toContain(">usaha ilegal</span>");
    const shown = row.match(/<div class="checked">([^<]*)…<\/div>/)![1]!;
    const decoded = shown.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    expect([...decoded]).toHaveLength(300);
  });

  it("is only for signed-in counsellors", async () => {
    const res = await call("/admin/cek-lowongan?verdict=suspicious", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/login?next=%2Fadmin%2Fcek-lowongan%3Fverdict%3Dsuspicious");
    const body = await res.text();
    expect(body).not.toContain("Mencurigakan");
    const bogus = await call("/admin/cek-lowongan", { headers: { cookie: "__Host-binjol_admin=bukan-token" }, redirect: "manual" });
    expect(bogus.status).toBe(303);
  });
});

describe("case view and inbox", () => {
  async function seekerOf(conversationId: string): Promise<number> {
    return (await env.DB.prepare("select seeker_id as id from conversations where id = ?").bind(conversationId).first<{ id: number }>())!.id;
  }

  async function addProfile(conversationId: string, data: Record<string, unknown>, opts: { disabilityConsentedAt?: number; alertDueAt?: number } = {}) {
    await env.DB.prepare(
      "insert into profiles (seeker_id, data, consented_at, consent_version, disability_consented_at, alert_conversation_id, alert_due_at, created_at, updated_at) values (?, ?, ?, 'v1', ?, ?, ?, ?, ?)",
    )
      .bind(await seekerOf(conversationId), JSON.stringify(data), Date.UTC(2026, 10, 3, 2, 30), opts.disabilityConsentedAt ?? null, opts.alertDueAt ? conversationId : null, opts.alertDueAt ?? null, NOW, NOW)
      .run();
  }

  it("shows the listing the seeker asked about and the saved profile, with disability only after its own consent", async () => {
    const { caseId, conversationId } = await seedCase({ texts: ["tanya konselor tentang lowongan ini"] });
    const title = `${vacancy.company} — ${vacancy.position} <b>`;
    await env.DB.prepare("update cases set listing = ? where id = ?").bind(JSON.stringify({ kind: "vacancy", slug: vacancy.slug, title }), caseId).run();
    const data = { education: "SMK", major: "Teknik Pengelasan", skills: ["las", "mengemudi"], placeCode: place.code, workType: "penuh-waktu", disability: "tunarungu ringan", alerts: true };
    await addProfile(conversationId, data, { alertDueAt: NOW + 3 * DAY });

    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    const box = page.slice(page.indexOf('class="card listing-box vacancy"'), page.indexOf('<div class="layout">'));
    expect(box).toContain(`Ditanyakan: Lowongan — ${title.replace("<b>", "&lt;b&gt;")}`);
    expect(box).toContain(`<code>${vacancy.slug}</code>`);
    expect(page.indexOf("Ditanyakan:")).toBeLessThan(page.indexOf("Percakapan"));

    const profile = page.slice(page.indexOf("Profil tersimpan"), page.indexOf("Profil pencari kerja"));
    expect(profile).toContain("<dt>Pendidikan</dt><dd>SMK</dd>");
    expect(profile).toContain("<dt>Jurusan</dt><dd>Teknik Pengelasan</dd>");
    expect(profile).toContain("<dt>Keahlian</dt><dd>las, mengemudi</dd>");
    expect(profile).toContain(`<dt>Lokasi</dt><dd>${place.kecamatan}, ${place.kabupaten} (${place.code})</dd>`);
    expect(profile).toContain("<dt>Jenis kerja</dt><dd>Penuh waktu</dd>");
    expect(profile).toMatch(/<dt>Info mingguan<\/dt><dd>aktif · berikutnya \d/);
    expect(profile).toContain("<dt>Persetujuan</dt><dd>3 Nov 2026 09.30 WIB</dd>");
    expect(page).not.toContain("Disabilitas");
    expect(page).not.toContain("tunarungu");

    // With its own consent the disability shows, marked as specific personal data.
    await env.DB.prepare("update profiles set disability_consented_at = ? where seeker_id = ?").bind(Date.UTC(2026, 10, 4, 3, 0), await seekerOf(conversationId)).run();
    const consented = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(consented).toMatch(/<dt>Disabilitas<\/dt><dd>tunarungu ringan<div class="small muted">data spesifik, dengan persetujuan 4 Nov 2026 10\.00 WIB<\/div><\/dd>/);
  });

  it("shows a training listing and a kabupaten code; shows no box and no saved profile when there are none", async () => {
    const { caseId, conversationId } = await seedCase({ texts: [] });
    await env.DB.prepare("update cases set listing = ? where id = ?").bind(JSON.stringify({ kind: "training", slug: "las-smaw-blk", title: "Pengelasan SMAW 3G" }), caseId).run();
    const regency = place.code.split(".").slice(0, 2).join(".");
    await addProfile(conversationId, { skills: [], placeCode: regency, alerts: false, disability: "tidak boleh tampil" });
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("Ditanyakan: Pelatihan — Pengelasan SMAW 3G");
    expect(page).toContain("<code>las-smaw-blk</code>");
    expect(page).toContain(`<dt>Lokasi</dt><dd>${place.kabupaten} (${regency})</dd>`);
    expect(page).toContain("<dt>Pendidikan</dt><dd><span class=\"muted\">belum diisi</span></dd>");
    expect(page).toContain("<dt>Info mingguan</dt><dd>tidak aktif</dd>");
    expect(page).not.toContain("tidak boleh tampil");

    const plain = await seedCase({ texts: [] });
    const other = await html(call(`/admin/cases/${plain.caseId}`, get(me)));
    expect(other).not.toContain("Ditanyakan:");
    expect(other).not.toContain("Profil tersimpan");
    expect(other).toContain("Profil pencari kerja");
  });

  it("tags inbox rows of cases about a vacancy or a training", async () => {
    const job = await seedCase({ texts: ["soal lowongan"] });
    const course = await seedCase({ texts: ["soal pelatihan"] });
    const plain = await seedCase({ texts: ["biasa"] });
    await env.DB.batch([
      env.DB.prepare("update cases set listing = ? where id = ?").bind(JSON.stringify({ kind: "vacancy", slug: vacancy.slug, title: "Operator" }), job.caseId),
      env.DB.prepare("update cases set listing = ? where id = ?").bind(JSON.stringify({ kind: "training", slug: "x", title: "Las" }), course.caseId),
      env.DB.prepare("update cases set listing = ? where id = ?").bind("not json", plain.caseId),
    ]);
    for (const path of ["/admin", "/admin?view=all"]) {
      const page = await html(call(path, get(me)));
      const row = (id: number) => {
        const start = page.indexOf(`href="/admin/cases/${id}"`);
        expect(start, `${path} #${id}`).toBeGreaterThan(0);
        return page.slice(start, page.indexOf("</td>", start));
      };
      expect(row(job.caseId)).toContain("💼 lowongan");
      expect(row(course.caseId)).toContain("🎓 pelatihan");
      for (const id of [plain.caseId, withCase.caseId]) expect(row(id)).not.toMatch(/lowongan<\/span>|pelatihan<\/span>/);
    }
  });
});

describe("rows read", () => {
  async function plan(stmt: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
    const q = stmt.toSQL();
    const rows = await env.DB.prepare(`explain query plan ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    return rows.results.map((r) => r.detail);
  }

  it("walks the time index (with a verdict: the verdict-and-time index) for pages and counts, never a full scan or a sort", async () => {
    const db = createDb(env.DB);
    for (const q of [{}, { before: checks[10]!.id }, { verdict: "suspicious" as const }, { verdict: "verified" as const, before: checks[20]!.id }]) {
      const details = await plan(scamChecksStatement(db, q));
      const main = details.find((d) => /\bscam_checks\b/.test(d) && !/\bs2\b/.test(d))!;
      const index = "verdict" in q ? "scam_checks_verdict_created_idx" : "scam_checks_created_idx";
      expect(main, JSON.stringify(q)).toContain(`USING INDEX ${index}`);
      expect(details.join("\n")).not.toMatch(/SCAN scam_checks(?! USING)|TEMP B-TREE FOR ORDER BY|SCAN (c|messages)\b(?! USING)/);
      if ("before" in q) expect(main).toContain("verdict" in q ? "(verdict=? AND created_at<?)" : "(created_at<?)");
    }
    const counts = await plan(scamCountsStatement(db, NOW - 7 * DAY));
    expect(counts.join("\n")).toMatch(/SEARCH scam_checks USING (COVERING )?INDEX scam_checks_verdict_created_idx \(verdict=\? AND created_at>\?\)/);
  });

  it("reads O(page) rows however many checks are stored", async () => {
    // 5,000 more checks from two months ago.
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000)
       insert into messages (conversation_id, channel, direction, sender, kind, text, status, created_at)
       select ?1, 'web', 'in', 'seeker', 'text', 'lowongan massal ' || i, 'answered', ?2 - i from n`,
    )
      .bind(noCase, NOW - 60 * DAY)
      .run();
    await env.DB.prepare(
      `insert into scam_checks (message_id, conversation_id, channel, verdict, flags, created_at)
       select id, conversation_id, 'web', 'unverified', '[]', created_at from messages where text like 'lowongan massal %'`,
    ).run();
    const measure = async (run: (d: ReturnType<typeof createDb>) => Promise<unknown>) => {
      const usage = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
      await run(createDb(meterD1(env.DB, usage)));
      return usage;
    };
    const first = await measure((d) => listScamChecks(d, {}, NOW - 7 * DAY));
    expect(first.roundTrips).toBe(1);
    // 51 checks and their messages, a case probe each, and the 7-day counts (~60 rows).
    expect(first.rowsRead).toBeLessThan(400);
    const oldest = newestFirst(checks).at(-1)!;
    const deep = await measure((d) => listScamChecks(d, { before: oldest }, NOW - 7 * DAY));
    expect(deep.rowsRead).toBeLessThan(400);
    const page = await listScamChecks(createDb(env.DB), { before: oldest }, NOW - 7 * DAY);
    expect(page.rows).toHaveLength(50);
    expect(page.rows.every((r) => r.text?.startsWith("lowongan massal"))).toBe(true);
    console.log("scam-check page rows read", { first: first.rowsRead, deep: deep.rowsRead });
  });
});
