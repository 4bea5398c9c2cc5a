/** The counsellor's case page for a WhatsApp seeker: how far each reply got, and the 24-hour window. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminApp, form, get, html, signedIn } from "../../counsellor/helpers.ts";
import { choiceIds, logged, newWaId, postWebhook, sentTo, shownText, waFixture } from "./helpers.ts";

const call = adminApp();

/** A WhatsApp seeker who asked for a counsellor; returns the case id. */
async function whatsappCase(from: string): Promise<number> {
  expect((await postWebhook(waFixture("text", { from, text: "konselor" }))).status).toBe(200);
  const row = await env.DB.prepare("select id from cases where conversation_id = ?").bind(`wa:${from}`).first<{ id: number }>();
  expect(row).not.toBeNull();
  return row!.id;
}

describe("the case page of a WhatsApp conversation", () => {
  it("names the channel and shows each reply's delivery state from the status webhooks", async () => {
    const me = await signedIn();
    const from = newWaId();
    const caseId = await whatsappCase(from);
    let page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("WhatsApp");
    expect(page).toContain("✓ terkirim");
    expect(page).not.toContain("✓✓ dibaca");
    const [reply] = (await logged(from)).filter((r) => r.direction === "out");
    await postWebhook(waFixture("statusRead", { from, status: reply!.externalId! }));
    page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("✓✓ dibaca");
    expect(page).not.toContain("Jendela 24 jam tertutup");
  });

  it("says \"jendela 24 jam tertutup\" and which template will be sent when the seeker's last message is a day old", async () => {
    const me = await signedIn();
    const from = newWaId();
    const caseId = await whatsappCase(from);
    // The seeker wrote 25 hours ago (relative to now: the page's clock is the real one).
    await env.DB.prepare("update messages set created_at = created_at - ? where conversation_id = ?").bind(25 * 3600_000, `wa:${from}`).run();
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("Jendela 24 jam tertutup");
    expect(page).toContain("binjol_balasan_konselor");
    const without = await html(adminApp({}, { WHATSAPP_TEMPLATE_COUNSELLOR: "" })(`/admin/cases/${caseId}`, get(me)));
    expect(without).toContain("Jendela 24 jam tertutup");
    expect(without).toContain("tidak dapat terkirim sampai pencari kerja menulis lagi");
  });

  it("sends a counsellor's reply to the seeker's WhatsApp through the channel contract, and the rating question on close", async () => {
    const me = await signedIn({ name: "Bu Rina" });
    const from = newWaId();
    const caseId = await whatsappCase(from);
    const before = (await sentTo(from)).length;
    const res = await call(`/admin/cases/${caseId}/reply`, form(me, { text: "Halo Kak, saya Bu Rina. Ada yang bisa dibantu?" }));
    expect(res.headers.get("location")).toBe(`/admin/cases/${caseId}?ok=sent`);
    const [reply] = (await sentTo(from)).slice(before);
    expect(reply!.body).toMatchObject({ type: "text", to: from, text: { body: "Halo Kak, saya Bu Rina. Ada yang bisa dibantu?" } });
    const row = (await logged(from)).find((r) => r.sender === "counsellor")!;
    expect(row).toMatchObject({ status: "sent", externalId: reply!.wamid });
    await call(`/admin/cases/${caseId}/close`, form(me, { outcome: "ak1" }));
    const rating = (await sentTo(from)).at(-1)!;
    expect(choiceIds(rating)).toEqual(["r:1", "r:2", "r:3", "r:4", "r:5"]);
  });

  it("sends the counsellor template when the seeker's last message is more than 24 hours old", async () => {
    const me = await signedIn();
    const from = newWaId();
    const caseId = await whatsappCase(from);
    await env.DB.prepare("update messages set created_at = created_at - ? where conversation_id = ?").bind(25 * 3600_000, `wa:${from}`).run();
    const before = (await sentTo(from)).length;
    await call(`/admin/cases/${caseId}/reply`, form(me, { text: "Kak, jadwal wawancara besok jam 9.\nBawa KTP." }));
    const [sent] = (await sentTo(from)).slice(before);
    expect(sent!.body.type).toBe("template");
    expect(sent!.body.template).toMatchObject({ name: "binjol_balasan_konselor", language: { code: "id" } });
    expect(shownText(sent!)).toBe("Kak, jadwal wawancara besok jam 9. · Bawa KTP.");
  });

  it("lists WhatsApp cases in the inbox under their own channel filter, and counts the channel in the statistics", async () => {
    const me = await signedIn({ admin: true });
    const from = newWaId();
    const caseId = await whatsappCase(from);
    const inbox = await html(call("/admin?view=all&channel=whatsapp", get(me)));
    expect(inbox).toContain('<option value="whatsapp" selected="">WhatsApp</option>');
    expect(inbox).toContain(`/admin/cases/${caseId}`);
    expect(inbox).toContain('class="chip wa"');
    const telegramOnly = await html(call("/admin?view=all&channel=telegram", get(me)));
    expect(telegramOnly).not.toContain(`/admin/cases/${caseId}"`);
    const stats = await html(call("/admin/stats", get(me)));
    expect(stats).toContain("<td>WhatsApp</td>");
  });
});
