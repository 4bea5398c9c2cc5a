/** A counsellor's reply to a Discord seeker: a direct message through the adapter, or undeliverable with Discord's reason. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { shownText } from "../../../src/channels/discord/render.ts";
import { adminApp, form, get, html, signedIn } from "../../counsellor/helpers.ts";
import { pdfBytes } from "../../helpers/files.ts";
import { dcCalls, dcFixture, logged, newSnowflake, postInteraction, script } from "./helpers.ts";

const BINDINGS = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" };
const call = adminApp({}, BINDINGS);

/** A Discord seeker who asked for a counsellor with /konselor in a server channel; returns the case id. */
async function discordCase(user: string): Promise<number> {
  expect((await postInteraction(dcFixture("commandGuild", { user, command: "konselor", value: "" }), { bindings: BINDINGS })).status).toBe(200);
  const row = await env.DB.prepare("select id from cases where conversation_id = ?").bind(`dc:${user}`).first<{ id: number }>();
  expect(row).not.toBeNull();
  return row!.id;
}

describe("the case page of a Discord conversation", () => {
  it("sends a counsellor's reply to the seeker as a direct message (DM channel, then the message)", async () => {
    const me = await signedIn({ name: "Bu Rina" });
    const user = newSnowflake();
    const caseId = await discordCase(user);
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("Discord");
    expect(page).toContain('class="chip dc"');
    const res = await call(`/admin/cases/${caseId}/reply`, form(me, { text: "Halo Kak, saya Bu Rina. Ada yang bisa dibantu?" }));
    expect(res.headers.get("location")).toBe(`/admin/cases/${caseId}?ok=sent`);
    const calls = await dcCalls({ user });
    expect(calls.map((c) => c.kind)).toEqual(["dm-channel", "message"]);
    expect(calls[0]!.body).toEqual({ recipient_id: user });
    const dm = calls[1]!;
    expect(shownText(dm.body)).toBe("Halo Kak, saya Bu Rina. Ada yang bisa dibantu?");
    expect(dm.body.flags).toBeUndefined();
    const row = (await logged(user)).find((r) => r.sender === "counsellor")!;
    expect(row).toMatchObject({ status: "sent", externalId: dm.id });
  });

  it("sends a counsellor's file after the words as a message with one attachment (multipart)", async () => {
    const me = await signedIn();
    const user = newSnowflake();
    const caseId = await discordCase(user);
    const body = new FormData();
    body.set("_csrf", me.csrf);
    body.set("text", "Ini contoh CV yang rapi.");
    body.set("file", new File([pdfBytes()], "Contoh CV.pdf"));
    const res = await call(`/admin/cases/${caseId}/reply`, { method: "POST", headers: { cookie: me.cookie, origin: "https://binjol.test" }, body, redirect: "manual" });
    expect(res.headers.get("location")).toBe(`/admin/cases/${caseId}?ok=sent`);
    const messages = (await dcCalls({ user })).filter((c) => c.kind === "message");
    expect(messages).toHaveLength(2);
    expect(shownText(messages[0]!.body)).toBe("Ini contoh CV yang rapi.");
    expect(messages[1]!.body).toMatchObject({ attachments: [{ id: 0, filename: "Contoh CV.pdf" }], files: [{ field: "files[0]", name: "Contoh CV.pdf", head: "%PDF-" }] });
    const row = (await logged(user)).find((r) => r.sender === "counsellor")!;
    expect(row).toMatchObject({ status: "sent", externalId: messages[1]!.id });
  });

  it("marks the reply undeliverable with Discord's reason when the seeker does not accept DMs (50007), shown on the case page", async () => {
    const me = await signedIn();
    const user = newSnowflake();
    const caseId = await discordCase(user);
    await script(user, [{ status: 403, code: 50007 }]);
    await call(`/admin/cases/${caseId}/reply`, form(me, { text: "Kak, jadwal wawancara besok jam 9." }));
    const row = (await logged(user)).find((r) => r.sender === "counsellor")!;
    expect(row.status).toBe("failed");
    expect(row.error).toContain("50007: Cannot send messages to this user");
    const page = await html(call(`/admin/cases/${caseId}`, get(me)));
    expect(page).toContain("Tidak terkirim: the seeker does not accept direct messages from the bot on Discord (50007: Cannot send messages to this user)");
  });

  it("lists Discord cases in the inbox under their own channel filter", async () => {
    const me = await signedIn({ admin: true });
    const user = newSnowflake();
    const caseId = await discordCase(user);
    const inbox = await html(call("/admin?view=all&channel=discord", get(me)));
    expect(inbox).toContain('<option value="discord" selected="">Discord</option>');
    expect(inbox).toContain(`/admin/cases/${caseId}`);
  });
});
