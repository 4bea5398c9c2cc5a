/** Issue 15 item 3: a button press shows as the label the seeker saw, in the widget's history and the dashboard transcript. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { closeCase } from "../../src/counsellor/service.ts";
import { createDb } from "../../src/db/client.ts";
import { adminApp, get, html, signedIn } from "../counsellor/helpers.ts";

const ALWAYS_OPEN = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" };
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
const web = (req: Request) => createApp().fetch(req, { ...env, ...ALWAYS_OPEN }, ctx);
const admin = adminApp();

/** An action code as the system sends it ("h:edu:SMK", "r:5", "vd:gvcol9") or the old log line "[detail lowongan gvcol9]". */
const ACTION_CODE = /^[a-z]{1,3}:\S*$|^\[[a-z ,]+ [^\]]*\]$/;

type Listed = { messages: Array<{ id: number; sender: string; text: string; buttons: Array<{ label: string; action: string }> }> };

async function webSeeker() {
  const { token, sessionId } = (await (await web(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }))).json()) as { token: string; sessionId: string };
  const auth = { Authorization: `Bearer ${token}` };
  const send = async (body: unknown) =>
    (await (
      await web(new Request("https://binjol.test/api/webchat/messages", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) }))
    ).json()) as { replies: Array<{ buttons: Array<{ label: string; action: string }> }> };
  const history = async () => ((await (await web(new Request("https://binjol.test/api/webchat/messages?after=0", { headers: auth }))).json()) as Listed).messages;
  return { sessionId, send, history };
}

async function caseOf(conversationId: string) {
  return (await env.DB.prepare("select id from cases where conversation_id = ? order by id desc limit 1").bind(conversationId).first<{ id: number }>())!.id;
}

describe("readable history", () => {
  it("logs a button press as the label on the button; the widget's history and the transcript show no action code", async () => {
    const seeker = await webSeeker();
    await seeker.send({ action: "t:konselor" });
    const asked = await seeker.send({ text: "ingin kerja di pabrik" });
    const smk = asked.replies.flatMap((r) => r.buttons).find((b) => b.action === "h:edu:SMK")!;
    expect(smk.label).toBe("SMK/MAK");
    await seeker.send({ action: smk.action });
    await seeker.send({ action: "h:skip" });
    const conversationId = `web:${seeker.sessionId}`;
    const caseId = await caseOf(conversationId);
    const me = await signedIn({ name: "Bu Sri" });
    await closeCase({ env, db: createDb(env.DB) }, { caseId, counsellorId: me.id, outcome: "vacancy" });
    const beforeRating = await seeker.history();
    const five = beforeRating.at(-1)!.buttons.find((b) => b.action === "r:5")!;
    await seeker.send({ action: "r:5" });

    // Stored: the label as text, the action kept apart for the system.
    const rows = await env.DB.prepare("select text, ref from messages where conversation_id = ? and direction = 'in' and kind = 'action' order by id")
      .bind(conversationId)
      .all<{ text: string; ref: string }>();
    expect(rows.results.find((r) => r.ref === "action:h:edu:SMK")?.text).toBe("SMK/MAK");
    expect(rows.results.find((r) => r.ref === "action:r:5")?.text).toBe(five.label);
    expect(five.label).not.toMatch(ACTION_CODE);

    const seekerTexts = (await seeker.history()).filter((m) => m.sender === "seeker").map((m) => m.text);
    expect(seekerTexts).toEqual(expect.arrayContaining(["SMK/MAK", five.label]));
    for (const t of seekerTexts) expect(t).not.toMatch(ACTION_CODE);

    const page = await html(admin(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("SMK/MAK");
    expect(page).toContain(five.label);
    expect(page).not.toContain("h:edu:");
    expect(page).not.toMatch(/>r:5</);
  });

  it("shows button presses logged before labels were kept from their action, by the button that sent it", async () => {
    const seeker = await webSeeker();
    await seeker.send({ action: "t:konselor" });
    const conversationId = `web:${seeker.sessionId}`;
    const caseId = await caseOf(conversationId);
    const at = Date.now();
    const buttons = JSON.stringify([
      { label: "Detail: Juru Las (CV Baja Karya)", action: "vd:gvcol9" },
      { label: "SMK", action: "h:edu:SMK" },
      { label: "⭐⭐⭐⭐⭐", action: "r:5" },
    ]);
    const legacy = (text: string, i: number) =>
      env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, status, created_at) values (?, 'web', 'in', 'seeker', 'action', ?, 'answered', ?)").bind(conversationId, text, at + i);
    await env.DB.batch([
      env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, topic, buttons, status, created_at) values (?, 'web', 'out', 'bot', 'text', 'Pilih:', 'lowongan', ?, 'sent', ?)").bind(conversationId, buttons, at),
      legacy("[detail lowongan gvcol9]", 1),
      legacy("h:edu:SMK", 2),
      legacy("r:5", 3),
      // An action no logged reply offered stays as it was.
      legacy("x:unknown", 4),
    ]);
    const texts = (await seeker.history()).filter((m) => m.sender === "seeker").map((m) => m.text).slice(-4);
    expect(texts).toEqual(["Detail: Juru Las (CV Baja Karya)", "SMK", "⭐⭐⭐⭐⭐", "x:unknown"]);
    const me = await signedIn();
    const page = await html(admin(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("Detail: Juru Las (CV Baja Karya)");
    expect(page).toContain("⭐⭐⭐⭐⭐");
    expect(page).not.toContain("[detail lowongan gvcol9]");
    expect(page).not.toContain("h:edu:SMK");
  });
});
