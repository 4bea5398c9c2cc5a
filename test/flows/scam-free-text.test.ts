/** Issue 13: through the web-chat API, a seeker who tells of a fee-charging recruiter in free text gets the scam check. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

interface WebReply {
  topic: string;
  text: string;
  scamCheck?: { verdict: string; flags: string[] };
}

async function session(): Promise<{ id: string; token: string }> {
  const res = await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }));
  const body = (await res.json()) as { sessionId: string; token: string };
  return { id: body.sessionId, token: body.token };
}

async function say(s: { token: string }, text: string): Promise<WebReply[]> {
  const res = await exports.default.fetch(
    new Request("https://binjol.test/api/webchat/messages", {
      method: "POST",
      headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
      body: JSON.stringify({ text }),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: WebReply[] }).replies;
}

describe("scams described in free text (web chat)", () => {
  it("answers a fee-charging recruiter told in free text with a suspicious scam check, logged", async () => {
    const s = await session();
    const replies = await say(s, "Kak, ada HRD pabrik yang bilang aku lolos, tapi aku dimintai uang 1,5 juta sebelum berangkat buat seragam dan mess. Asli gak ya?");
    const check = replies.find((r) => r.scamCheck);
    expect(check?.topic).toBe("cek-lowongan");
    expect(check!.scamCheck!.verdict).toBe("suspicious");
    expect(check!.scamCheck!.flags).toContain("fee");
    expect(check!.text).toMatch(/Laporkan/);
    const logged = await env.DB.prepare("select verdict, flags from scam_checks where conversation_id = ?").bind(`web:${s.id}`).all<{ verdict: string; flags: string }>();
    expect(logged.results).toHaveLength(1);
    expect(logged.results[0]!.verdict).toBe("suspicious");
    expect(JSON.parse(logged.results[0]!.flags)).toEqual(check!.scamCheck!.flags);
  });

  it("answers a chat-only interview by a free-mail recruiter the same way", async () => {
    const s = await session();
    const replies = await say(s, "interviewnya cuma lewat WA terus HRD-nya pakai gmail, katanya besok langsung kerja");
    const check = replies.find((r) => r.scamCheck);
    expect(check!.scamCheck!.verdict).toBe("suspicious");
    expect(check!.scamCheck!.flags).toEqual(expect.arrayContaining(["free-mail", "chat-only-interview"]));
  });

  it("gives a general question about fake vacancies the guide, not a check", async () => {
    const s = await session();
    const replies = await say(s, "gimana cara tahu lowongan palsu?");
    expect(replies.some((r) => r.scamCheck)).toBe(false);
    expect(replies[0]!.topic).toBe("cek-lowongan");
    const logged = await env.DB.prepare("select count(*) as n from scam_checks where conversation_id = ?").bind(`web:${s.id}`).first<{ n: number }>();
    expect(logged!.n).toBe(0);
  });
});
