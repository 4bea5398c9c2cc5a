/**
 * Weekly job alerts: the claim (one digest a week at most), matching since the previous digest, sending to
 * the recording fake Bot API with its faults (403, 429, 5xx), web digests in the message list, batching and
 * the subrequest budget, and the digest text itself.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { buildDigest, TELEGRAM_LIMIT } from "../src/alerts/digest.ts";
import { formatDate as formatDateId } from "../src/core/html.ts";
import { ALERTS_CRON, type AlertRunOptions, claimQueries, COLD_BATCH, runAlerts, SEND_SPACING_MS, setAlertsWarm, WEEK_MS } from "../src/alerts/run.ts";
import { blockHtml, keyboardFor } from "../src/channels/telegram/render.ts";
import worker from "../src/index.ts";
import { forgetListings } from "../src/content/listings-store.ts";
import { forgetContent } from "../src/content/store.ts";
import { CONTENT_KEY, type ContentBundle } from "../src/content/types.ts";
import { createDb } from "../src/db/client.ts";
import type { Listings, Match, Place, Profile, Vacancy } from "../src/listings/types.ts";
import { appWith } from "./helpers/app.ts";
import type { CapturedCall } from "./helpers/capture-api.ts";
import { script, sendsTo } from "./helpers/capture.ts";
import { storeListings } from "./helpers/stored-listings.ts";
import { newChatId } from "./helpers/telegram.ts";

/** 2027-03-01 10:00 WIB. */
const NOW = Date.UTC(2027, 2, 1, 3, 0, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The Worker's env with the Bot API pointed at the recording fake. */
const captureEnv = { ...env, TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT };

const KANIGORO: Place = { code: "35.05.10", kecamatan: "Kanigoro", kabupaten: "Kabupaten Blitar" };

function vacancy(id: string, verifiedOn: string, over: Partial<Vacancy> = {}): Vacancy {
  return {
    slug: `lowongan-${id}`,
    id,
    company: `PT Uji ${id}`,
    position: `Operator Las ${id}`,
    sector: "Manufaktur",
    place: KANIGORO,
    education: "SMA",
    majors: [],
    workType: "penuh-waktu",
    quota: 3,
    disabilityFriendly: false,
    skills: ["las"],
    requirements: ["Sehat jasmani"],
    apply: "Kirim lamaran ke email resmi perusahaan.",
    contact: { email: "hrd@uji.test" },
    deadline: "2027-04-30",
    source: "laporan perusahaan",
    verifiedBy: "Pengantar Kerja",
    verifiedOn,
    example: false,
    description: "",
    ...over,
  };
}

/** Newest verification first, as the compiler writes them. */
function listingsOf(...vacancies: Vacancy[]): Listings {
  return { vacancies: [...vacancies].sort((a, b) => b.verifiedOn.localeCompare(a.verifiedOn)), trainings: [], places: [KANIGORO] };
}

const OLD = vacancy("old001", "2027-02-10");
const A = vacancy("vaca01", "2027-02-25");
const B = vacancy("vacb02", "2027-02-26");
const C = vacancy("vacc03", "2027-03-05");
/** Verified on the day of the first digest (2027-03-01) but published after it was sent. */
const D = vacancy("vacd04", "2027-03-01");
const FIRST_WEEK = listingsOf(OLD, A, B);
const SECOND_WEEK = listingsOf(OLD, A, B, C, D);

const PROFILE: Profile = { education: "SMK", skills: ["las"], placeCode: "35.05", workType: "penuh-waktu", alerts: true };
/** A profile nothing above matches (a university degree in a field none of them needs, far away). */
const NO_MATCH: Profile = { education: "S2", major: "Kedokteran", skills: ["bedah"], placeCode: "35.72", workType: "magang", alerts: true };

interface Seeded {
  seekerId: number;
  conversationId: string;
  chatId: number;
}

/** A seeker, their conversation and a profile with alerts (or not), straight into D1. */
async function seed(o: {
  dueAt: number | null;
  sentAt?: number | null;
  profile?: Profile;
  blocked?: boolean;
  web?: { sessionId: string };
}): Promise<Seeded> {
  const chatId = newChatId();
  const channel = o.web ? "web" : "telegram";
  const external = o.web ? o.web.sessionId : String(chatId);
  const conversationId = o.web ? `web:${o.web.sessionId}` : `tg:${chatId}`;
  const seeker = await env.DB.prepare(
    "insert into seekers (channel, external_id, first_seen_at, last_seen_at, blocked_at) values (?, ?, ?, ?, ?) returning id",
  )
    .bind(channel, external, NOW - 30 * DAY, NOW - 8 * DAY, o.blocked ? NOW - DAY : null)
    .first<{ id: number }>();
  await env.DB.prepare("insert into conversations (id, seeker_id, channel, state, created_at, updated_at) values (?, ?, ?, '{}', ?, ?)")
    .bind(conversationId, seeker!.id, channel, NOW - 30 * DAY, NOW - 8 * DAY)
    .run();
  await env.DB.prepare(
    `insert into profiles (seeker_id, data, consented_at, consent_version, alert_conversation_id, alert_due_at, alert_sent_at, created_at, updated_at)
     values (?, ?, ?, 'v1', ?, ?, ?, ?, ?)`,
  )
    .bind(
      seeker!.id,
      JSON.stringify(o.profile ?? PROFILE),
      NOW - 8 * DAY,
      o.dueAt === null ? null : conversationId,
      o.dueAt,
      o.sentAt === undefined ? (o.dueAt === null ? null : o.dueAt - WEEK_MS) : o.sentAt,
      NOW - 8 * DAY,
      NOW - 8 * DAY,
    )
    .run();
  return { seekerId: seeker!.id, conversationId, chatId };
}

async function profileRow(seekerId: number) {
  return (await env.DB.prepare(
    "select data, alert_conversation_id as conversationId, alert_due_at as dueAt, alert_sent_at as sentAt, unreachable_at as unreachableAt from profiles where seeker_id = ?",
  )
    .bind(seekerId)
    .first<{ data: string; conversationId: string | null; dueAt: number | null; sentAt: number | null; unreachableAt: number | null }>())!;
}

async function alertRows(conversationId: string) {
  const { results } = await env.DB.prepare(
    "select direction, sender, kind, topic, text, buttons, status, error, external_id as externalId, created_at as createdAt from messages where conversation_id = ? and kind = 'alert' order by id",
  )
    .bind(conversationId)
    .all<{ direction: string; sender: string; kind: string; topic: string; text: string; buttons: string; status: string; error: string | null; externalId: string | null; createdAt: number }>();
  return results;
}

function callbackData(call: CapturedCall): string[] {
  const markup = call.body.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> };
  return markup.inline_keyboard.flat().map((b) => b.callback_data);
}

/** Run with the fake Bot API; `sendTimes` records when each Bot API request left the Worker. */
function run(now: number, options: AlertRunOptions = {}, sendTimes: number[] = [], overrides: Partial<typeof env> = {}) {
  const recording: typeof fetch = (input, init) => {
    sendTimes.push(Date.now());
    return fetch(input, init);
  };
  return runAlerts({ ...captureEnv, ...overrides }, now, { listings: FIRST_WEEK, fetch: recording, ...options });
}

/** Run `fn` with a changed content bundle in KV, then put the original back. */
async function withContent(change: (bundle: ContentBundle) => ContentBundle, fn: () => Promise<void>): Promise<void> {
  const original = (await env.CONTENT.get(CONTENT_KEY))!;
  const bundle = JSON.parse(original) as ContentBundle;
  await env.CONTENT.put(CONTENT_KEY, JSON.stringify({ ...change(bundle), version: "alerts-test" }), { metadata: { version: "alerts-test" } });
  forgetContent(env.CONTENT);
  forgetListings();
  try {
    await fn();
  } finally {
    await env.CONTENT.put(CONTENT_KEY, original, { metadata: { version: bundle.version } });
    forgetContent(env.CONTENT);
    forgetListings();
  }
}

beforeEach(async () => {
  // An isolate that has run alerts before claims full batches (a fresh one's first run claims COLD_BATCH).
  setAlertsWarm(true);
  // Claims are global: each test starts with no profiles.
  await env.DB.prepare("delete from profiles").run();
});

describe("claiming due profiles", () => {
  it("uses the partial index profiles_alert_due_idx for both claim statements", async () => {
    const statements = claimQueries(createDb(env.DB), NOW, 40);
    for (const q of statements) {
      const { sql, params } = q.toSQL();
      const { results } = await env.DB.prepare(`explain query plan ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      expect(plan.some((d) => /profiles USING (COVERING )?INDEX profiles_alert_due_idx \(alert_due_at<\?\)/.test(d)), plan.join("\n")).toBe(true);
      // No full scan of profiles anywhere in the plan.
      expect(plan.filter((d) => /^SCAN profiles\b/.test(d))).toEqual([]);
    }
  });

  it("sends one digest to a due profile, nothing on a second run, and only newer vacancies a week later", async () => {
    const p = await seed({ dueAt: NOW - MINUTE, sentAt: NOW - WEEK_MS });

    const first = await run(NOW);
    expect(first).toMatchObject({ claimed: 1, sent: 1, sentBy: { telegram: 1, web: 0, whatsapp: 0 }, skippedNoMatches: 0, unreachable: 0, deferred: 0 });
    const sends = await sendsTo(p.chatId);
    expect(sends).toHaveLength(1);
    const html = sends[0]!.body.text as string;
    expect(sends[0]!.body.parse_mode).toBe("HTML");
    expect(html).toContain(A.position);
    expect(html).toContain(B.position);
    // verified before the previous digest: not new
    expect(html).not.toContain(OLD.position);
    expect(callbackData(sends[0]!)).toEqual(expect.arrayContaining([`vd:${A.id}`, `vd:${B.id}`, "al:off", "t:lowongan"]));
    expect(callbackData(sends[0]!)).not.toContain(`vd:${OLD.id}`);
    expect(await profileRow(p.seekerId)).toMatchObject({ dueAt: NOW + WEEK_MS, sentAt: NOW, unreachableAt: null });

    // The same moment again (an overlapping or repeated cron run): nothing is due.
    const again = await run(NOW);
    expect(again).toMatchObject({ claimed: 0, sent: 0 });
    expect(await sendsTo(p.chatId)).toHaveLength(1);

    // A week later: only what was verified since, including one verified on the day of the first digest
    // but published after it (vacancies carry only a date: better shown than lost).
    const later = await run(NOW + WEEK_MS, { listings: SECOND_WEEK });
    expect(later).toMatchObject({ claimed: 1, sent: 1 });
    const all = await sendsTo(p.chatId);
    expect(all).toHaveLength(2);
    const second = all[1]!.body.text as string;
    expect(second).toContain(C.position);
    expect(second).toContain(D.position);
    expect(second).not.toContain(A.position);
    expect(second).not.toContain(B.position);
    expect(second).toContain("Ada 2 lowongan baru");

    const rows = await alertRows(p.conversationId);
    expect(rows).toHaveLength(2);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({ direction: "out", sender: "bot", kind: "alert", topic: "lowongan", status: "sent", error: null });
      // the logged text is the plain form: no HTML tags
      expect(row.text).not.toMatch(/<\/?b>/);
      expect(row.externalId).toMatch(/^\d+$/);
      expect(JSON.parse(row.buttons).map((b: { action: string }) => b.action)).toContain("al:off");
      expect(row.text).toContain(i === 0 ? A.position : C.position);
    }
  });

  it("logs no digest row for a conversation erased while its digest was being sent; the run still records the rest", async () => {
    const erased = await seed({ dueAt: NOW - 2 * MINUTE });
    const kept = await seed({ dueAt: NOW - MINUTE });
    const erasing: typeof fetch = async (input, init) => {
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as { chat_id?: unknown }) : {};
      if (String(body.chat_id) === String(erased.chatId)) {
        await env.DB.prepare("delete from conversations where id = ?").bind(erased.conversationId).run();
      }
      return fetch(input, init);
    };

    expect(await run(NOW, { fetch: erasing })).toMatchObject({ claimed: 2, sent: 2, sentBy: { telegram: 2, web: 0, whatsapp: 0 } });
    expect(await sendsTo(erased.chatId)).toHaveLength(1);
    expect(await alertRows(erased.conversationId)).toHaveLength(0);
    const rows = await alertRows(kept.conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: "out", sender: "bot", kind: "alert", topic: "lowongan", status: "sent", createdAt: NOW });
    const channel = await env.DB.prepare("select channel, ref from messages where conversation_id = ? and kind = 'alert'").bind(kept.conversationId).first<{ channel: string; ref: string }>();
    expect(channel?.channel).toBe("telegram");
    expect(channel?.ref.replace(/^alert:/, "").split(",").sort()).toEqual([A.id, B.id].sort());
  });

  it("leaves profiles that are not due or have alerts off untouched; turns off blocked seekers; reschedules without matches", async () => {
    const notDue = await seed({ dueAt: NOW + MINUTE });
    const off = await seed({ dueAt: null, sentAt: NOW - 30 * DAY });
    const blocked = await seed({ dueAt: NOW - MINUTE, blocked: true });
    const nothingNew = await seed({ dueAt: NOW - MINUTE, profile: NO_MATCH });
    const before = { notDue: await profileRow(notDue.seekerId), off: await profileRow(off.seekerId) };

    const report = await run(NOW);
    expect(report).toMatchObject({ claimed: 2, sent: 0, skippedNoMatches: 1, turnedOff: 1 });

    expect(await profileRow(notDue.seekerId)).toEqual(before.notDue);
    expect(await profileRow(off.seekerId)).toEqual(before.off);
    expect(await profileRow(blocked.seekerId)).toMatchObject({ dueAt: null, conversationId: null });
    expect(await profileRow(nothingNew.seekerId)).toMatchObject({ dueAt: NOW + WEEK_MS, sentAt: NOW });
    for (const s of [notDue, off, blocked, nothingNew]) {
      expect(await sendsTo(s.chatId)).toHaveLength(0);
      expect(await alertRows(s.conversationId)).toHaveLength(0);
    }
    // The blocked seeker stays off.
    expect(await run(NOW + 2 * WEEK_MS)).toMatchObject({ claimed: 2, sent: 1, skippedNoMatches: 1, turnedOff: 0 });
    expect(await sendsTo(blocked.chatId)).toHaveLength(0);
  });
});

describe("Telegram faults", () => {
  it("403 marks the seeker unreachable, logs a failed digest, and never tries again", async () => {
    const p = await seed({ dueAt: NOW - MINUTE });
    await script(p.chatId, [{ status: 403, description: "Forbidden: bot was blocked by the user" }]);

    expect(await run(NOW)).toMatchObject({ claimed: 1, sent: 0, unreachable: 1, deferred: 0 });
    expect(await profileRow(p.seekerId)).toMatchObject({ unreachableAt: NOW, dueAt: null });
    const rows = await alertRows(p.conversationId);
    expect(rows).toEqual([expect.objectContaining({ status: "failed", externalId: null })]);
    expect(rows[0]!.error).toContain("blocked");

    expect(await run(NOW + 3 * WEEK_MS)).toMatchObject({ claimed: 0 });
    expect(await sendsTo(p.chatId)).toHaveLength(1);
  });

  it("429 stops the run and defers the rest of the batch, which the next run sends exactly once; sends are spaced", async () => {
    const ps = [];
    for (let i = 0; i < 4; i++) ps.push(await seed({ dueAt: NOW - (10 - i) * MINUTE }));
    const [p1, p2, p3, p4] = ps as [Seeded, Seeded, Seeded, Seeded];
    const previous = await Promise.all(ps.map((p) => profileRow(p.seekerId)));
    await script(p3.chatId, [{ status: 429, retry_after: 30 }]);

    const times: number[] = [];
    const first = await run(NOW, {}, times);
    expect(first).toMatchObject({ claimed: 4, sent: 2, deferred: 2 });
    expect((await sendsTo(p1.chatId)).length + (await sendsTo(p2.chatId)).length).toBe(2);
    expect(await sendsTo(p3.chatId)).toHaveLength(1);
    // nothing was sent after the 429
    expect(await sendsTo(p4.chatId)).toHaveLength(0);
    for (const [i, p] of [p3, p4].entries()) {
      // back in the queue after retry_after, with the previous digest time, so the same vacancies count as new
      expect(await profileRow(p.seekerId)).toMatchObject({ dueAt: NOW + 30_000, sentAt: previous[i + 2]!.sentAt });
      expect(await alertRows(p.conversationId)).toHaveLength(0);
    }
    // Three Bot API requests, each at least 40 ms after the one before (25 a second; a little jitter allowed).
    expect(SEND_SPACING_MS).toBeGreaterThanOrEqual(40);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(35);

    // Before retry_after has passed: nothing.
    expect(await run(NOW + 10_000)).toMatchObject({ claimed: 0 });
    // After it: the two deferred digests, once.
    expect(await run(NOW + 31_000)).toMatchObject({ claimed: 2, sent: 2, deferred: 0 });
    expect(await run(NOW + 60_000)).toMatchObject({ claimed: 0 });

    expect((await sendsTo(p3.chatId)).map((c) => c.outcome ?? "ok")).toEqual([429, "ok"]);
    expect(await sendsTo(p4.chatId)).toHaveLength(1);
    for (const p of ps) {
      expect(await alertRows(p.conversationId)).toEqual([expect.objectContaining({ status: "sent" })]);
      expect((await profileRow(p.seekerId)).dueAt).toBeGreaterThan(NOW + 6 * DAY);
    }
    // The deferred digest still holds the vacancies that were new for it.
    const resent = (await sendsTo(p3.chatId))[1]!.body.text as string;
    expect(resent).toContain(A.position);
  });

  it("a 5xx puts the digest back for the next run, which sends it once; others in the batch still go", async () => {
    const flaky = await seed({ dueAt: NOW - 2 * MINUTE });
    const fine = await seed({ dueAt: NOW - MINUTE });
    await script(flaky.chatId, [{ status: 502 }]);

    expect(await run(NOW)).toMatchObject({ claimed: 2, sent: 1, deferred: 1 });
    expect(await sendsTo(fine.chatId)).toHaveLength(1);
    expect(await profileRow(flaky.seekerId)).toMatchObject({ dueAt: NOW });

    expect(await run(NOW + 5 * MINUTE)).toMatchObject({ claimed: 1, sent: 1 });
    expect(await run(NOW + 10 * MINUTE)).toMatchObject({ claimed: 0 });
    expect((await sendsTo(flaky.chatId)).map((c) => c.outcome ?? "ok")).toEqual([502, "ok"]);
    expect(await alertRows(flaky.conversationId)).toEqual([expect.objectContaining({ status: "sent" })]);
  });
});

describe("batches", () => {
  it("claims at most ALERT_BATCH profiles per run, most overdue first", async () => {
    const ps = [];
    for (let i = 0; i < 5; i++) ps.push(await seed({ dueAt: NOW - (10 - i) * MINUTE }));
    const claimed = [];
    for (let i = 0; i < 4; i++) claimed.push((await run(NOW, {}, [], { ALERT_BATCH: "2" })).claimed);
    expect(claimed).toEqual([2, 2, 1, 0]);
    for (const p of ps) expect(await sendsTo(p.chatId)).toHaveLength(1);
  });

  it("the first run in a fresh isolate claims only COLD_BATCH profiles; the next claims a full batch", async () => {
    setAlertsWarm(false);
    const ps = [];
    for (let i = 0; i < COLD_BATCH + 3; i++) ps.push(await seed({ dueAt: NOW - (10 - i) * MINUTE }));
    expect((await run(NOW)).claimed).toBe(COLD_BATCH);
    expect((await run(NOW)).claimed).toBe(3);
    for (const p of ps) expect(await sendsTo(p.chatId)).toHaveLength(1);
  });

  it("a full batch of 20, with listings from KV, stays under half of the free plan's 50 subrequests", async () => {
    // The production path: content bundle and listings blob from KV.
    const key = "content:blob:alerts-test-listings";
    const stored = storeListings(FIRST_WEEK);
    await env.CONTENT.put(key, stored.index);
    for (const [chunk, text] of Object.entries(stored.chunks)) await env.CONTENT.put(chunk, text);
    await withContent((bundle) => ({ ...bundle, blobs: { ...bundle.blobs, listings: key } }), async () => {
      const ps = [];
      for (let i = 0; i < 21; i++) ps.push(await seed({ dueAt: NOW - (100 - i) * MINUTE }));
      const report = await runAlerts(captureEnv, NOW);
      expect(report).toMatchObject({ claimed: 20, sent: 20 });
      // 2 KV reads (bundle, listings) + 2 D1 round trips (claim, record) + 20 sends
      expect(report.subrequests).toBe(24);
      expect(report.subrequests).toBeLessThanOrEqual(25);
      expect(await sendsTo(ps[20]!.chatId)).toHaveLength(0);
      expect((await sendsTo(ps[0]!.chatId))[0]!.body.text).toContain(A.position);
    });
  });

  it("without listings in KV (a deploy not synced yet), nothing is sent and the claimed digests come back soon", async () => {
    const p = await seed({ dueAt: NOW - MINUTE });
    const before = await profileRow(p.seekerId);
    await withContent((bundle) => ({ ...bundle, blobs: {} }), async () => {
      expect(await runAlerts(captureEnv, NOW)).toMatchObject({ claimed: 1, sent: 0, skippedNoMatches: 0, deferred: 1 });
    });
    expect(await profileRow(p.seekerId)).toMatchObject({ dueAt: NOW + 15 * MINUTE, sentAt: before.sentAt });
    expect(await sendsTo(p.chatId)).toHaveLength(0);
  });
});

describe("the cron", () => {
  it("runs the alerts on the 5-minute schedule only; the daily schedule stays housekeeping", async () => {
    const due = Date.now() - MINUTE;
    const p = await seed({ dueAt: due });
    const scheduled = async (cron: string) => {
      const pending: Promise<unknown>[] = [];
      const ctx = { waitUntil: (w: Promise<unknown>) => pending.push(w), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
      await worker.scheduled!({ cron, scheduledTime: Date.now(), noRetry() {} } as ScheduledController, captureEnv, ctx);
      await Promise.all(pending);
    };
    await scheduled("17 * * * *");
    expect((await profileRow(p.seekerId)).dueAt).toBe(due);
    await scheduled(ALERTS_CRON);
    // claimed: sent and due in a week, or put back for later if this content has no listings
    expect((await profileRow(p.seekerId)).dueAt).toBeGreaterThan(Date.now());
  });
});

describe("web conversations", () => {
  it("leaves the digest in the conversation; GET /api/webchat/messages shows it", async () => {
    const call = appWith();
    const created = await call(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }));
    expect(created.status).toBe(201);
    const { sessionId, token } = (await created.json()) as { sessionId: string; token: string };
    const p = await seed({ dueAt: NOW - MINUTE, web: { sessionId } });

    expect(await run(NOW)).toMatchObject({ claimed: 1, sent: 1, sentBy: { telegram: 0, web: 1, whatsapp: 0 }, subrequests: 2 });
    const res = await call(new Request("https://binjol.test/api/webchat/messages", { headers: { Authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: Array<{ direction: string; sender: string; topic?: string; text: string; buttons: Array<{ action: string }> }> };
    const digest = messages.filter((m) => m.direction === "out" && m.text.includes("Info lowongan mingguan"));
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatchObject({ sender: "bot", topic: "lowongan" });
    expect(digest[0]!.text).toContain(A.position);
    expect(digest[0]!.text).not.toContain("<b>");
    expect(digest[0]!.buttons.map((b) => b.action)).toEqual(expect.arrayContaining([`vd:${A.id}`, `vd:${B.id}`, "al:off", "t:lowongan"]));
    expect(await alertRows(p.conversationId)).toEqual([expect.objectContaining({ status: "sent", externalId: null })]);
  });
});

describe("the digest", () => {
  const match = (v: Vacancy, reasons = ["pendidikan SMK", "lokasi Kanigoro"]): Match<Vacancy> => ({ item: v, score: 1, reasons });

  it("escapes HTML in the data, marks example vacancies once, and formats dates in Indonesian", () => {
    const d = buildDigest([
      match(vacancy("esc001", "2027-03-01", { company: "PT <Maju> & Jaya", position: "Staf <Gudang>", deadline: "2027-03-31", example: true })),
      match(vacancy("esc002", "2027-03-01", { company: "PT Contoh Sejahtera", example: true })),
    ])!;
    const html = d.blocks.map(blockHtml).join("\n\n");
    expect(html).toContain("PT &lt;Maju&gt; &amp; Jaya (contoh)");
    expect(html).toContain("<b>Staf &lt;Gudang&gt;</b>");
    expect(html).not.toContain("<Maju>");
    expect(html).not.toContain("& Jaya");
    expect(html).toContain("batas 31 Mar 2027");
    expect(html).toContain("— PT Contoh Sejahtera\n");
    expect(html).not.toContain("PT Contoh Sejahtera (contoh)");
    expect(d.text).toContain("PT <Maju> & Jaya (contoh)");
    expect(d.text).toContain("Ada 2 lowongan baru yang cocok dengan profilmu:");
    expect(d.text).toContain("cocok: pendidikan SMK, lokasi Kanigoro");
    expect(d.text).toContain("Tekan tombol Berhenti");
    expect(formatDateId("2027-12-01")).toBe("1 Des 2027");
    expect(formatDateId("2027-08-17")).toBe("17 Agu 2027");
  });

  it("stays under Telegram's limit with long data, and every callback_data fits 64 bytes", () => {
    const long = "Ω&<".repeat(400);
    const d = buildDigest(
      [1, 2, 3, 4, 5].map((i) => match(vacancy(`lng00${i}`, "2027-03-01", { company: long, position: long, place: { ...KANIGORO, kecamatan: long } }), [long, long, long])),
    )!;
    const html = d.blocks.map(blockHtml).join("\n\n");
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    expect(html.length).toBeLessThan(4096);
    const keyboard = keyboardFor(d.buttons)!;
    const data = keyboard.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data);
    // nothing was dropped by the keyboard's 64-byte filter
    expect(data).toHaveLength(d.buttons.length);
    expect(data).toEqual([...[1, 2, 3, 4, 5].slice(0, d.count).map((i) => `vd:lng00${i}`), "al:off", "t:lowongan"]);
    for (const cb of data) expect(new TextEncoder().encode(cb).length).toBeLessThanOrEqual(64);
    expect(buildDigest([])).toBeUndefined();
  });
});
