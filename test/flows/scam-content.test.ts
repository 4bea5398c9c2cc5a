/**
 * The scam check runs on the rules of the content bundle (content/penipuan/): the report advice and per-flag
 * advice come from content, and a flag that only exists in a new content version is checked, logged in D1 and
 * shown on the dashboard with its label, with no code change.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { forgetContent } from "../../src/content/store.ts";
import { CONTENT_KEY, type ContentBundle } from "../../src/content/types.ts";
import type { ScamFlagData } from "../../src/core/scam.ts";
import { adminApp, get, html, signedIn, type Login } from "../counsellor/helpers.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;

interface WebReply {
  text: string;
  html?: string;
  scamCheck?: { verdict: string; flags: string[] };
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

/** The scam check's reply to `text` in a fresh web session. */
async function check(text: string): Promise<{ reply: WebReply; sessionId: string }> {
  const s = await session();
  await say(s, { action: "sc" });
  const [reply] = await say(s, { text });
  return { reply: reply!, sessionId: s.id };
}

/** Runs `fn` with `change` applied to the content bundle in KV, then restores it. */
async function withContent<T>(change: (b: ContentBundle) => ContentBundle, fn: () => Promise<T>): Promise<T> {
  const original = (await env.CONTENT.get(CONTENT_KEY))!;
  const changed = { ...change(JSON.parse(original) as ContentBundle), version: "scam-content-test" };
  await env.CONTENT.put(CONTENT_KEY, JSON.stringify(changed), { metadata: { version: changed.version } });
  forgetContent(env.CONTENT);
  try {
    return await fn();
  } finally {
    await env.CONTENT.put(CONTENT_KEY, original, { metadata: { version: content.version } });
    forgetContent(env.CONTENT);
  }
}

const OVERSEAS =
  "Dicari TKW ke Malaysia kerja di kilang, gaji 1.800 RM. Proses cepat lewat sponsor, tanpa PT. Berangkat pakai visa turis dulu, permit diurus di sana.";
const MEDICAL =
  "Dibutuhkan operator packing, lulusan SMP/SMA. Peserta yang lolos wajib MCU di Klinik Medika Utama, klinik yang kami tunjuk, biaya 450rb ditanggung peserta.";
const CHAIN = "Dicari kasir minimarket lulusan SMA. Lamaran diprioritaskan kalau kamu bagikan info ini ke 10 grup WhatsApp ya.";

const chainFlag: ScamFlagData = {
  id: "pesan-berantai",
  title: "Disuruh menyebarkan pesan",
  label: "pesan berantai",
  explain: "Lowongan resmi tidak menjanjikan prioritas karena kamu menyebarkan pesannya ke banyak grup.",
  report: "Jangan ikut menyebarkan pesan berantai seperti ini.",
  ignore: ["warnings"],
  patterns: [{ re: "\\b(?:bagikan|sebarkan|share)\\b +{celah:3}(?:ke +)?\\d+ +(?:grup|group|teman)\\b" }],
  examples: { hit: 1, safe: 1 },
};
const withChainFlag = (b: ContentBundle): ContentBundle => ({ ...b, scam: { ...b.scam!, flags: [...b.scam!.flags, chainFlag] } });

let me: Login;
beforeAll(async () => {
  me = await signedIn({ name: "Bu Sri" });
});

describe("scam check with the content's rules", () => {
  it("shows the report advice from content: the office, Kemnaker 1500 630 and IASC; and KemenP2MI/BP2MI for work abroad", async () => {
    const { reply } = await check(OVERSEAS);
    expect(reply.scamCheck!.verdict).toBe("suspicious");
    expect(reply.scamCheck!.flags).toEqual(expect.arrayContaining(["overseas-individual", "tourist-visa"]));
    expect(reply.text).toContain("1500 630");
    expect(reply.text).toContain("iasc.ojk.go.id");
    expect(reply.text).toContain(content.office.nama_singkat!);
    // the advice of both overseas flags is the same text and shown once
    expect(reply.text.split("sebelum menyerahkan uang atau dokumen").length - 1).toBe(1);
    // the advice keeps its title (a heading in the widget, bold on Telegram)
    expect(reply.html).toContain("<h2>Cara melapor</h2>");
  });

  it("explains a medical check at the recruiter's clinic with the content's title", async () => {
    const { reply } = await check(MEDICAL);
    expect(reply.scamCheck!.flags).toContain("medical-fee");
    const flag = content.scam!.flags.find((f) => f.id === "medical-fee")!;
    expect(reply.text).toContain(flag.title);
    expect(reply.text).toContain("Puskesmas");
  });

  it("checks, logs and lists a flag that only a new content version has", async () => {
    const before = await check(CHAIN);
    // no rule names a chain message yet (the learned model may still find the offer suspicious on its own)
    expect(before.reply.scamCheck!.flags).not.toContain("pesan-berantai");

    await withContent(withChainFlag, async () => {
      const { reply, sessionId } = await check(CHAIN);
      expect(reply.scamCheck).toEqual({ verdict: "suspicious", flags: ["pesan-berantai"] });
      expect(reply.text).toContain("Disuruh menyebarkan pesan");
      expect(reply.text).toContain("bagikan info ini ke 10 grup");
      expect(reply.text).toContain("Jangan ikut menyebarkan pesan berantai");
      const row = await env.DB.prepare("select verdict, flags from scam_checks where conversation_id = ?").bind(`web:${sessionId}`).first<{ verdict: string; flags: string }>();
      expect(row).toEqual({ verdict: "suspicious", flags: JSON.stringify(["pesan-berantai"]) });

      const page = await html(adminApp()("/admin/cek-lowongan?verdict=suspicious", get(me)));
      expect(page).toContain('<span class="chip flag" title="pesan-berantai">pesan berantai</span>');
    });
  });

  it("answers politely when the content has no scam rules", async () => {
    await withContent(
      (b) => {
        const { scam: _scam, ...rest } = b;
        return rest as ContentBundle;
      },
      async () => {
        const { reply } = await check(CHAIN);
        expect(reply.scamCheck).toBeUndefined();
        expect(reply.text).toMatch(/sedang tidak bisa dipakai/);
      },
    );
  });
});
