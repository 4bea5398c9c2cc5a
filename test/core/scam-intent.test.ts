/**
 * Scams described in free text (issue 13, core/scam-intent.ts): a recruitment with red flags told in the
 * seeker's own words gets the scam check of that text from the engine; a question about scams in general,
 * or about what an official service costs, still goes to the router.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { respond, type EngineContext } from "../../src/core/engine.ts";
import { prepareScamRules } from "../../src/core/scam.ts";
import { describedScam } from "../../src/core/scam-intent.ts";
import { parseSchedule } from "../../src/core/schedule.ts";
import type { Listings } from "../../src/listings/types.ts";
import { listingsFromBlobs } from "../helpers/stored-listings.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const blobs = JSON.parse(env.TEST_BLOBS) as Record<string, string>;
const listings = listingsFromBlobs(blobs, content.blobs.listings!);
const rules = prepareScamRules(content.scam!);
// a fixed day: the intent does not depend on the date
const today = "2026-11-02";
const ctx: EngineContext = { waiting: 0, schedule: parseSchedule({}), now: Date.parse(`${today}T03:00:00Z`), today, listings };
const ids = (text: string) => describedScam(text, rules)?.map((f) => f.id);

describe("describedScam", () => {
  it.each([
    ["dimintai uang 2 juta sebelum berangkat kerja", "fee"],
    ["HRD-nya minta transfer 300 ribu buat seragam, katanya biar langsung kerja", "fee"],
    ["interview cuma lewat WA, abis itu katanya aku udah diterima kerja", "chat-only-interview"],
    ["lowongan admin di Kediri tapi HRD-nya pakai gmail, aman gak?", "free-mail"],
    ["perekrut minta kode OTP yang masuk ke HP aku buat verifikasi lamaran", "early-id-request"],
    ["sponsor nawarin kerja ke Hong Kong, gak usah lewat PT katanya", "overseas-individual"],
    ["HRD minta video badan pakai pakaian dalam buat seleksi SPG", "intimate-photos"],
    ["disuruh gabung member VIP 150rb dulu biar dapat tugas like dan rating", "paid-membership"],
    ["lowongan operator web game online, kerjanya ngurus deposit member", "illegal-business"],
    ["aku dijaluki duit 3 yuto karo calo ben iso mlebu pabrik", "fee"],
    ["kulo dipun suwuni arto kangge pendaftaran kerja wonten pabrik, leres mboten?", "fee"],
    ["mbakyuku diajak kerja nang Hongkong karo sponsor, jarene ora usah lewat PT", "overseas-individual"],
    ["aku disuruh HRD instal aplikasi dari chat buat lihat surat panggilan kerja", "apk-file"],
    ["ada tawaran kerja di Kamboja gaji 20 juta, ambil gak ya", "unofficial-destination"],
  ])("flags a recruitment told in free text: %s", (text, flag) => {
    expect(ids(text)).toContain(flag);
  });

  it.each([
    "gimana cara tahu lowongan palsu?",
    "ciri-ciri loker yang minta biaya admin itu apa aja?",
    "biaya pelatihan kerja di BLK berapa?",
    "syarat bikin kartu kuning apa aja?",
    "kode OTP bank saya tidak masuk",
    "kirim lamaran kerja lewat email atau datang langsung?",
    "lowongan sing njaluk duit kuwi apik opo ora?",
    "perusahaan yang interview cuma lewat WA itu aman gak",
    "tolong jelasin bahaya kerja ke Kamboja",
    "pengen kerja di Malaysia tapi takut ketipu calo",
    "gajiku dipotong 500rb buat seragam, boleh gak sih?",
  ])("leaves a question that describes no recruitment with red flags to the router: %s", (text) => {
    expect(describedScam(text, rules)).toBeUndefined();
  });
});

describe("the engine answers a described scam with the scam check", () => {
  it("gives the scam-check reply, its scamCheck field and the logged effect for a fee before departure", () => {
    const text = "ada yang ngaku HRD pabrik di Surabaya, aku dimintai uang 2 juta sebelum berangkat, katanya buat mess";
    const r = respond({ type: "text", text }, {}, content, ctx);
    expect(r.topic).toBe("cek-lowongan");
    expect(r.replies).toHaveLength(1);
    const reply = r.replies[0]!;
    expect(reply.scamCheck?.verdict).toBe("suspicious");
    expect(reply.scamCheck?.flags).toContain("fee");
    expect(reply.body.kind === "rich" && reply.body.text).toMatch(/Diminta membayar/);
    expect(reply.body.kind === "rich" && reply.body.text).toMatch(/Laporkan/);
    expect(r.effects).toContainEqual({ type: "scamCheck", verdict: "suspicious", flags: reply.scamCheck!.flags });
    // the check is done: nothing is awaited, and the same answer comes whatever the state asked before
    expect(r.state.awaiting).toBeUndefined();
    expect(respond({ type: "text", text }, { lastTopic: "lowongan" }, content, ctx).replies[0]!.scamCheck).toEqual(reply.scamCheck);
  });

  it("asks for the listings first when they are not loaded, on the scam-check topic", () => {
    const r = respond({ type: "text", text: "interview cuma lewat WA terus HRD-nya pakai gmail, ini loker asli?" }, {}, content, {
      ...ctx,
      listings: undefined,
    });
    expect(r.needsListings).toBe(true);
    expect(r.topic).toBe("cek-lowongan");
  });

  it("still answers a general question about scams with the guide", () => {
    const r = respond({ type: "text", text: "gimana cara tahu lowongan palsu?" }, {}, content, ctx);
    expect(r.topic).toBe("cek-lowongan");
    expect(r.replies[0]!.scamCheck).toBeUndefined();
    // the guide's part that answers it ("Tanda-tanda lowongan palsu"), not a check of the question's own text
    expect(r.replies[0]!.body).toEqual({ kind: "guide", topic: "cek-lowongan", section: "tanda-tanda-lowongan-palsu" });
    expect(r.effects).toEqual([]);
  });
});
