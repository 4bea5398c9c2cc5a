/**
 * The counsellor intake checks its answers (experience review, finding 8): words for "skip" skip, the kecamatan is
 * matched against the office's official list with a "did you mean", the education comes from the profile when there
 * is one and uses the profile's levels, and a file sent during the intake reaches the case. Through the web-chat API
 * on real D1.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import { respond } from "../../src/core/engine.ts";
import { scheduleFrom } from "../../src/env.ts";

// every test visitor comes from one address: lift the per-address limits on waiting cases
const ALWAYS_OPEN = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "", HANDOFF_LIMITS: "origin=100,waiting=100" };
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
const app = createApp();
const call = (req: Request) => app.fetch(req, { ...env, ...ALWAYS_OPEN }, ctx);

type Reply = { topic: string; text: string; buttons: Array<{ label: string; action: string }> };

async function visitor() {
  const { token, sessionId } = (await (await call(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }))).json()) as { token: string; sessionId: string };
  const send = async (body: unknown) =>
    (
      (await (
        await call(
          new Request("https://binjol.test/api/webchat/messages", {
            method: "POST",
            headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
        )
      ).json()) as { replies: Reply[] }
    ).replies;
  return { send, conversationId: `web:${sessionId}` };
}

async function intakeOf(conversationId: string): Promise<Record<string, unknown>> {
  const row = await env.DB.prepare("select intake from cases where conversation_id = ? order by id desc limit 1").bind(conversationId).first<{ intake: string }>();
  return JSON.parse(row!.intake) as Record<string, unknown>;
}

const last = (replies: Reply[]) => replies.at(-1)!;

describe("the counsellor intake checks its answers", () => {
  it("takes words for skip as a skip, not as the answer", async () => {
    const { send, conversationId } = await visitor();
    await send({ action: "t:konselor" });
    expect(last(await send({ text: "Lewati" })).text).toMatch(/pendidikan terakhir/);
    expect(last(await send({ text: "gak ada kak" })).text).toMatch(/kecamatan/);
    expect(last(await send({ text: "-" })).text).toMatch(/antrean nomor/);
    const intake = await intakeOf(conversationId);
    expect(intake).not.toHaveProperty("need");
    expect(intake).not.toHaveProperty("education");
    expect(intake).not.toHaveProperty("kecamatan");
  });

  it("records a typed education as the profile's level", async () => {
    const { send, conversationId } = await visitor();
    await send({ action: "t:konselor" });
    const asked = last(await send({ text: "mau konsultasi soal kerja di pabrik" }));
    expect(asked.buttons.map((b) => b.label)).toEqual(expect.arrayContaining(["SD/MI", "Paket B", "SMK/MAK", "D4", "S2", "S3"]));
    await send({ text: "lulusan smk" });
    expect(await intakeOf(conversationId)).toMatchObject({ education: "SMK/MAK" });
  });

  it("accepts an official kecamatan, with its kabupaten", async () => {
    const { send, conversationId } = await visitor();
    await send({ action: "t:konselor" });
    await send({ action: "h:skip" });
    await send({ action: "h:skip" });
    expect(last(await send({ text: "kec. sananwetan" })).text).toMatch(/antrean nomor/);
    expect(await intakeOf(conversationId)).toMatchObject({ kecamatan: "Sananwetan, Kota Blitar" });
  });

  it("asks 'did you mean' for a misspelt kecamatan and records the official name on one tap", async () => {
    const { send, conversationId } = await visitor();
    await send({ action: "t:konselor" });
    await send({ action: "h:skip" });
    await send({ action: "h:skip" });
    const asked = last(await send({ text: "kanigoo" }));
    expect(asked.text).toMatch(/Maksudmu Kecamatan Kanigoro\?/);
    const yes = asked.buttons.find((b) => b.label === "Kanigoro")!;
    expect(yes.action).toBe("h:kec:35.05.10");
    expect(await intakeOf(conversationId)).not.toHaveProperty("kecamatan");
    expect(last(await send({ action: yes.action })).text).toMatch(/antrean nomor/);
    expect(await intakeOf(conversationId)).toMatchObject({ kecamatan: "Kanigoro, Kabupaten Blitar" });
  });

  it("asks once more for a name that is not on the list, then takes the seeker's words", async () => {
    const { send, conversationId } = await visitor();
    await send({ action: "t:konselor" });
    await send({ action: "h:skip" });
    await send({ action: "h:skip" });
    const again = await send({ text: "pokoknya deket alun-alun" });
    expect(again.map((r) => r.text).join("\n")).toMatch(/tidak ada di daftar kecamatan/);
    expect(last(again).text).toMatch(/kecamatan mana/);
    expect(last(await send({ text: "Ngunut, Tulungagung" })).text).toMatch(/antrean nomor/);
    expect(await intakeOf(conversationId)).toMatchObject({ kecamatan: "Ngunut, Tulungagung" });
  });

  it("rejects a forged kecamatan code and asks again", async () => {
    const { send, conversationId } = await visitor();
    await send({ action: "t:konselor" });
    await send({ action: "h:skip" });
    await send({ action: "h:skip" });
    expect(last(await send({ action: "h:kec:99.99.99" })).text).toMatch(/kecamatan mana/);
    expect(await intakeOf(conversationId)).not.toHaveProperty("kecamatan");
  });
});

describe("the intake in the engine", () => {
  const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
  const base = { schedule: scheduleFrom({ ...env, ...ALWAYS_OPEN }), now: Date.UTC(2026, 2, 10, 3), waiting: 0, openCase: { id: 1, status: "waiting" as const, ahead: 0 } };

  it("takes the education from the profile instead of asking again", () => {
    const profile = { profile: { education: "Paket C" as const, skills: [], alerts: false }, consentedAt: 1, disabilityConsented: false, alertsOn: false };
    const result = respond({ type: "text", text: "mau tanya kerja ke Jepang" }, { handoff: { step: "need" } }, content, { ...base, profile });
    expect(result.state.handoff).toEqual({ step: "kecamatan" });
    expect(result.effects).toContainEqual({ type: "intake", field: "education", value: "Paket C" });
    const without = respond({ type: "text", text: "mau tanya kerja ke Jepang" }, { handoff: { step: "need" } }, content, base);
    expect(without.state.handoff).toEqual({ step: "education" });
  });

  it("sends a file during the intake to the case and keeps the question open", () => {
    const result = respond({ type: "media", media: "document" }, { handoff: { step: "education" } }, content, base);
    expect(result.effects).toEqual([{ type: "toCase" }]);
    expect(result.state.handoff).toEqual({ step: "education" });
    const texts = result.replies.map((r) => (r.body.kind === "text" ? r.body.text : ""));
    expect(texts[0]).toMatch(/teruskan ke konselor/);
    expect(texts.at(-1)).toMatch(/pendidikan terakhir/);
    expect(texts.join(" ")).not.toMatch(/\/konselor/);
  });
});
