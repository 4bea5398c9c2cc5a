/**
 * The profile's privacy promises, tried through the real web-chat API and Telegram webhook with the compiled demo
 * content, and checked in D1 directly: the age is asked with the consent before anything is stored, a seeker under
 * 18 gets a profile only once a parent's or guardian's consent is recorded (time and notice version), declining
 * stores nothing, /datasaya shows the age answer and the guardian's consent, and Paket A/B/C are matched like
 * SD/SMP/SMA.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { respond } from "../../src/core/engine.ts";
import { CONSENT_VERSION } from "../../src/core/flows/profile.ts";
import { parseSchedule } from "../../src/core/schedule.ts";
import { matchVacancies } from "../../src/listings/match.ts";
import type { Listings, Profile } from "../../src/listings/types.ts";
import { buttonsOf, fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";
import { listingsFromBlobs } from "../helpers/stored-listings.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const blobs = JSON.parse(env.TEST_BLOBS) as Record<string, string>;
const listings = listingsFromBlobs(blobs, content.blobs.listings!);

interface WebReply {
  text: string;
  buttons: Array<{ label: string; action: string }>;
}

async function session(): Promise<{ id: string; token: string }> {
  const res = await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }));
  const body = (await res.json()) as { sessionId: string; token: string };
  return { id: body.sessionId, token: body.token };
}

async function say(s: { token: string }, body: { text: string } | { action: string }): Promise<WebReply[]> {
  const res = await exports.default.fetch(
    new Request("https://binjol.test/api/webchat/messages", {
      method: "POST",
      headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: WebReply[] }).replies;
}

const actions = (r: WebReply | undefined) => (r?.buttons ?? []).map((b) => b.action);

interface Row {
  data: string;
  consentedAt: number;
  version: string;
  ageGroup: string | null;
  guardianAt: number | null;
  guardianVersion: string | null;
}

/** Every profiles row of the seeker, read straight from D1. */
async function profileRows(channel: "web" | "telegram", externalId: string): Promise<Row[]> {
  const { results } = await env.DB.prepare(
    "select p.data, p.consented_at as consentedAt, p.consent_version as version, p.age_group as ageGroup, p.guardian_consented_at as guardianAt, p.guardian_consent_version as guardianVersion from profiles p join seekers s on s.id = p.seeker_id where s.channel = ? and s.external_id = ?",
  )
    .bind(channel, externalId)
    .all<Row>();
  return results;
}

describe("the consent notice", () => {
  it("asks the age with the consent and states legal basis, retention, other processors and withdrawal", async () => {
    const s = await session();
    const [notice] = await say(s, { text: "/profil" });
    expect(notice!.text).toMatch(/Apakah usiamu sudah 18 tahun/);
    expect(notice!.text).toMatch(/Dasar hukum.*Pasal 20 ayat \(2\) huruf a/);
    expect(notice!.text).toMatch(/orang tua atau wali \(Pasal 25\)/);
    expect(notice!.text).toMatch(/setelah 365 hari tanpa percakapan/);
    expect(notice!.text).toMatch(/Cloudflare/);
    expect(notice!.text).toMatch(/Telegram, WhatsApp, atau Discord/);
    expect(notice!.text).toMatch(/paling lambat 3×24 jam/);
    expect(notice!.text).not.toMatch(/ID saluran/);
    expect(actions(notice)).toEqual(expect.arrayContaining(["pf:a18", "pf:u18", "pf:no"]));
    expect(await profileRows("web", s.id)).toEqual([]);
  });

  it("takes the retention period from RETENTION_DAYS", () => {
    const ctx = { waiting: 0, schedule: parseSchedule({}), now: Date.parse("2026-12-01T03:00:00Z"), today: "2026-12-01", retentionDays: 90 };
    const result = respond({ type: "command", command: "profil", payload: "", text: "/profil" }, {}, content, ctx);
    const body = result.replies[0]!.body;
    expect(body.kind === "rich" && body.text).toMatch(/setelah 90 hari tanpa percakapan/);
    expect(result.effects).toEqual([]);
  });

  it("follows the privacy guide with the retention period from RETENTION_DAYS, keeping the guide's buttons last", () => {
    const ctx = { waiting: 0, schedule: parseSchedule({}), now: Date.parse("2026-12-01T03:00:00Z"), today: "2026-12-01", retentionDays: 120 };
    const result = respond({ type: "command", command: "privasi", payload: "", text: "/privasi" }, {}, content, ctx);
    expect(result.replies.map((r) => r.body.kind)).toEqual(["guide", "text"]);
    const note = result.replies[1]!;
    expect(note.body.kind === "text" && note.body.text).toMatch(/Masa simpan saat ini: 120 hari/);
    expect(result.replies[0]!.buttons).toEqual([]);
    expect(note.buttons.length).toBeGreaterThan(0);
  });

  it("stores nothing when the seeker declines or presses the old notice's button", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    const [declined] = await say(s, { action: "pf:no" });
    expect(declined!.text).toMatch(/profil tidak disimpan/);
    // The profil-v1 notice's "agree" did not ask the age: it shows the notice again and stores nothing.
    const [again] = await say(s, { action: "pf:ok" });
    expect(again!.text).toMatch(/Apakah usiamu sudah 18 tahun/);
    expect(await profileRows("web", s.id)).toEqual([]);
  });
});

describe("a seeker under 18 (web chat)", () => {
  it("stores nothing until a parent's or guardian's consent is recorded, with its time and notice version", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    const [guardian] = await say(s, { action: "pf:u18" });
    expect(guardian!.text).toMatch(/Perlu persetujuan orang tua atau wali/);
    expect(guardian!.text).toMatch(/tidak ada data profil yang disimpan/);
    expect(actions(guardian)).toEqual(expect.arrayContaining(["pf:g:ok", "pf:g:no"]));
    expect(await profileRows("web", s.id)).toEqual([]);

    // Answers and forged form buttons before the guardian's consent store nothing either.
    await say(s, { action: "pf:e:SMK" });
    await say(s, { text: "SMK" });
    await say(s, { action: "pf:dy" });
    await say(s, { action: "al:on" });
    expect(await profileRows("web", s.id)).toEqual([]);

    const before = Date.now();
    const [education] = await say(s, { action: "pf:g:ok" });
    expect(education!.text).toMatch(/Persetujuan orang tua\/wali sudah dicatat/);
    expect(education!.text).toMatch(/pendidikan terakhirmu/);
    const rows = await profileRows("web", s.id);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ ageGroup: "minor", version: CONSENT_VERSION, guardianVersion: CONSENT_VERSION });
    expect(row.guardianAt).toBeGreaterThanOrEqual(before - 1000);
    expect(row.guardianAt).toBe(row.consentedAt);
    expect(JSON.parse(row.data)).toEqual({ skills: [] });

    const [data] = await say(s, { text: "/datasaya" });
    expect(data!.text).toMatch(/Usia: di bawah 18 tahun\. Persetujuan orang tua\/wali dicatat \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(data!.text).toMatch(/Menarik persetujuan profil = menghapus profil/);

    const [view] = await say(s, { text: "/profil" });
    expect(view!.text).toMatch(/Usia: di bawah 18 tahun, dengan persetujuan orang tua\/wali/);
    // Withdrawal is deleting the profile: the row goes at once.
    await say(s, { action: "pf:del:y" });
    expect(await profileRows("web", s.id)).toEqual([]);
  });

  it("gets the guides without a profile, with useful buttons, and nothing stored", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    await say(s, { action: "pf:u18" });
    const [without] = await say(s, { action: "pf:g:no" });
    expect(without!.text).toMatch(/tidak ada profil yang disimpan/);
    expect(actions(without)).toEqual(expect.arrayContaining(["vl:1", "ll:1", "t:cv", "t:konselor", "menu"]));
    expect(await profileRows("web", s.id)).toEqual([]);
    const [data] = await say(s, { text: "/datasaya" });
    expect(data!.text).not.toMatch(/Profil pencari kerja \(disetujui/);
  });
});

describe("a seeker of 18 or older", () => {
  it("records the age answer with the consent; /datasaya shows it", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    await say(s, { action: "pf:a18" });
    const [row] = await profileRows("web", s.id);
    expect(row).toMatchObject({ ageGroup: "adult", version: CONSENT_VERSION, guardianAt: null, guardianVersion: null });
    const [data] = await say(s, { text: "/datasaya" });
    expect(data!.text).toMatch(/Usia: 18 tahun ke atas/);
  });

  it("asks the age of a profile made before the question, and records a guardian's consent on it", async () => {
    const s = await session();
    await say(s, { text: "halo" });
    const seeker = await env.DB.prepare("select id from seekers where channel = 'web' and external_id = ?").bind(s.id).first<{ id: number }>();
    const at = Date.parse("2026-11-20T03:00:00Z");
    await env.DB.prepare(
      "insert into profiles (seeker_id, data, consented_at, consent_version, created_at, updated_at) values (?, ?, ?, 'profil-v1', ?, ?)",
    )
      .bind(seeker!.id, JSON.stringify({ education: "SMK", skills: ["las"] }), at, at, at)
      .run();
    const [view] = await say(s, { text: "/profil" });
    expect(view!.text).toMatch(/Usia: belum dijawab/);
    expect(actions(view)).toEqual(expect.arrayContaining(["pf:a18", "pf:u18"]));
    const [data] = await say(s, { text: "/datasaya" });
    expect(data!.text).toMatch(/Usia: belum ditanyakan/);

    const [guardian] = await say(s, { action: "pf:u18" });
    expect((await profileRows("web", s.id))[0]).toMatchObject({ ageGroup: null, version: "profil-v1" });
    // The parent or guardian can read the notice first.
    const [notice] = await say(s, { action: actions(guardian).find((a) => a === "pf:n")! });
    expect(notice!.text).toMatch(/Dasar hukum/);
    const [recorded] = await say(s, { action: "pf:g:ok" });
    expect(recorded!.text).toMatch(/Persetujuan orang tua\/wali sudah dicatat/);
    const [row] = await profileRows("web", s.id);
    expect(row).toMatchObject({ ageGroup: "minor", version: CONSENT_VERSION, guardianVersion: CONSENT_VERSION });
    expect(row!.guardianAt).toBeGreaterThan(at);
    // The answers stay.
    expect(JSON.parse(row!.data)).toEqual({ education: "SMK", skills: ["las"] });
    // A second confirmation changes nothing.
    await say(s, { action: "pf:a18" });
    expect((await profileRows("web", s.id))[0]).toEqual(row);
  });
});

describe("a seeker under 18 (Telegram)", () => {
  it("stores nothing until the guardian's button, then records it", async () => {
    const chat = newChatId();
    await postUpdate(fixture("callback", { chatId: chat, data: "t:profil" }));
    await postUpdate(fixture("callback", { chatId: chat, data: "pf:u18" }));
    const guardian = (await sentTo(chat)).at(-1)!;
    expect(guardian.text).toMatch(/Perlu persetujuan orang tua atau wali/);
    expect(buttonsOf(guardian).map((b) => b.callback_data)).toContain("pf:g:ok");
    expect(await profileRows("telegram", String(chat))).toEqual([]);
    await postUpdate(fixture("callback", { chatId: chat, data: "pf:g:ok" }));
    const [row] = await profileRows("telegram", String(chat));
    expect(row).toMatchObject({ ageGroup: "minor", guardianVersion: CONSENT_VERSION });
    expect(row!.guardianAt).toBeGreaterThan(0);
  });

  it("offers the scam check by text and a counsellor for a photo (a job poster)", async () => {
    const chat = newChatId();
    await postUpdate(fixture("photo", { chatId: chat }));
    const reply = (await sentTo(chat))[0]!;
    expect(reply.text).toMatch(/poster atau tangkapan layar lowongan/);
    expect(buttonsOf(reply).map((b) => b.callback_data)).toEqual(expect.arrayContaining(["sc", "t:konselor", "menu"]));
  });
});

describe("profile strings", () => {
  it("offers Paket A/B/C and labels SMA/MA and SMK/MAK; stores Paket C as such", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    const [ask] = await say(s, { action: "pf:a18" });
    const labels = ask!.buttons.map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(["SMA/MA", "SMK/MAK", "Paket A", "Paket B", "Paket C", "D1", "D2", "D4"]));
    const [major] = await say(s, { action: "pf:e:Paket C" });
    expect(major!.text).toMatch(/jurusanmu/);
    expect(JSON.parse((await profileRows("web", s.id))[0]!.data)).toMatchObject({ education: "Paket C" });
  });

  it("parses a typed Paket B as such, and skips the major like SMP", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    await say(s, { action: "pf:a18" });
    const [next] = await say(s, { text: "lulusan paket b" });
    expect(next!.text).toMatch(/keahlianmu/);
    expect(JSON.parse((await profileRows("web", s.id))[0]!.data)).toMatchObject({ education: "Paket B" });
  });

  it("matches Paket A/B/C exactly like SD/SMP/SMA", () => {
    const today = [...listings.vacancies].map((v) => v.verifiedOn).sort()[0]!;
    const base: Profile = { skills: ["las", "mengemudi"], placeCode: "35.05", alerts: false };
    const ids = (p: Profile) => matchVacancies(p, listings, today, { limit: 100 }).map((m) => `${m.item.id} ${m.score}`);
    for (const [paket, formal] of [["Paket A", "SD"], ["Paket B", "SMP"], ["Paket C", "SMA"]] as const) {
      expect(ids({ ...base, education: paket })).toEqual(ids({ ...base, education: formal }));
    }
    expect(ids({ ...base, education: "Paket C" }).length).toBeGreaterThan(ids({ ...base, education: "Paket A" }).length);
  });

  it("offers Ganda/multi among the kinds of disability (UU 8/2016)", async () => {
    const s = await session();
    await say(s, { action: "t:profil" });
    await say(s, { action: "pf:a18" });
    await say(s, { action: "pf:e:SMA" });
    await say(s, { action: "pf:skip" });
    await say(s, { action: "pf:skip" });
    await say(s, { action: "pf:pl:35.72" });
    await say(s, { action: "pf:w:any" });
    const [kinds] = await say(s, { action: "pf:dy" });
    const ganda = kinds!.buttons.find((b) => b.label === "Ganda/multi");
    expect(ganda).toBeDefined();
    await say(s, { action: ganda!.action });
    expect(JSON.parse((await profileRows("web", s.id))[0]!.data)).toMatchObject({ disability: "Ganda/multi" });
  });
});
