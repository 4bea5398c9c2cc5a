import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CONTENT_KEY, type ContentBundle } from "../../../src/content/types.ts";
import { strings } from "../../../src/core/strings.ts";
import { appWith } from "../../helpers/app.ts";
import { choiceIds, graphCalls, logged, newWaId, postWebhook, readReceipts, sentTo, shownText, waFixture, wamidOf } from "./helpers.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const MESSAGES_PATH = `/v25.0/${env.WHATSAPP_PHONE_NUMBER_ID}/messages`;

/** The start of a guide as plain text, to recognise it in a WhatsApp message (markers removed). */
function guideStart(topic: keyof ContentBundle["topics"]): string {
  return content.topics[topic].text.trim().slice(0, 40);
}
const plain = (s: string) => s.replace(/[*_]/g, "");

afterEach(() => vi.restoreAllMocks());

describe("GET /whatsapp: the subscription handshake", () => {
  const handshake = (params: Record<string, string | undefined>) => postless(`https://binjol.test/whatsapp?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined))}`);
  const postless = (url: string) => appWith()(new Request(url));

  it("echoes hub.challenge for the right verify token", async () => {
    const res = await handshake({ "hub.mode": "subscribe", "hub.verify_token": env.WHATSAPP_VERIFY_TOKEN!, "hub.challenge": "1158201444" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1158201444");
  });

  it("answers 403 for a wrong token, a missing token or another mode", async () => {
    for (const params of [
      { "hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1" },
      { "hub.mode": "subscribe", "hub.challenge": "1" },
      { "hub.mode": "unsubscribe", "hub.verify_token": env.WHATSAPP_VERIFY_TOKEN!, "hub.challenge": "1" },
      { "hub.mode": "subscribe", "hub.verify_token": `${env.WHATSAPP_VERIFY_TOKEN}x`, "hub.challenge": "1" },
    ]) {
      const res = await handshake(params);
      expect(res.status, JSON.stringify(params)).toBe(403);
      expect(await res.text()).not.toContain("1\n");
    }
  });

  it("answers 404 on both methods when the WhatsApp settings are missing", async () => {
    const off = appWith({ WHATSAPP_ACCESS_TOKEN: "", WHATSAPP_APP_SECRET: "" });
    const get = await off(new Request(`https://binjol.test/whatsapp?hub.mode=subscribe&hub.verify_token=${env.WHATSAPP_VERIFY_TOKEN}&hub.challenge=5`));
    expect(get.status).toBe(404);
    const from = newWaId();
    const post = await postWebhook(waFixture("text", { from, text: "menu" }), { via: off });
    expect(post.status).toBe(404);
    expect(await sentTo(from)).toEqual([]);
  });
});

describe("POST /whatsapp: the signature", () => {
  it("refuses a missing or wrong X-Hub-Signature-256 with 401; nothing is logged or sent", async () => {
    const spies = [vi.spyOn(console, "log"), vi.spyOn(console, "warn"), vi.spyOn(console, "error")];
    const from = newWaId();
    const body = waFixture("text", { from, text: "menu" });
    for (const signature of [null, "", "sha256=" + "0".repeat(64), "sha1=abc", "sha256=zz"]) {
      const res = await postWebhook(body, { signature });
      expect(res.status, String(signature)).toBe(401);
    }
    // Signed with another secret, or the body changed after signing.
    const { signBody } = await import("../../../src/channels/whatsapp/signature.ts");
    expect((await postWebhook(body, { signature: await signBody("another-secret", JSON.stringify(body)) })).status).toBe(401);
    expect((await postWebhook(JSON.stringify(body) + " ", { signature: await signBody(env.WHATSAPP_APP_SECRET!, JSON.stringify(body)) })).status).toBe(401);
    expect(await logged(from)).toEqual([]);
    expect(await sentTo(from)).toEqual([]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("refuses a signed body that is not a WhatsApp webhook with 400", async () => {
    expect((await postWebhook({ object: "page", entry: [] })).status).toBe(400);
    expect((await postWebhook("{not json")).status).toBe(400);
    const bad = waFixture("text", { from: newWaId() });
    bad.entry[0].changes[0].value.messages[0].timestamp = 1749416383;
    expect((await postWebhook(bad)).status).toBe(400);
  });
});

describe("POST /whatsapp: messages", () => {
  it("answers a text with the guide and its buttons or list, sent to the seeker's number, and marks it read", async () => {
    const from = newWaId();
    const body = waFixture("text", { from, text: "cara bikin kartu kuning" });
    const res = await postWebhook(body);
    expect(res.status).toBe(200);
    const sent = await sentTo(from);
    expect(sent.length).toBeGreaterThan(0);
    for (const call of sent) {
      expect(call.path).toBe(MESSAGES_PATH);
      expect(call.body).toMatchObject({ messaging_product: "whatsapp", recipient_type: "individual", to: from });
    }
    expect(plain(shownText(sent[0]!))).toContain(guideStart("kartu-ak1"));
    // The guide's buttons come with its last part (a first contact then gets the short privacy notice).
    const interactive = sent.filter((c) => c.body.type === "interactive");
    expect(interactive.length).toBeGreaterThan(0);
    expect(interactive.flatMap(choiceIds)).toContain("menu");
    expect(await readReceipts(wamidOf(body))).toHaveLength(1);
    const rows = await logged(from);
    expect(rows.slice(0, 2).map((r) => [r.direction, r.topic, r.status])).toEqual([
      ["in", "kartu-ak1", "answered"],
      ["out", "kartu-ak1", "sent"],
    ]);
    expect(rows.slice(1).every((r) => r.direction === "out" && r.status === "sent")).toBe(true);
    expect(rows[0]!.dedupeKey).toBe(`wa:${wamidOf(body)}`);
  });

  it("shows the main menu as interactive lists within WhatsApp's limits, for the word \"menu\" and for /menu", async () => {
    for (const text of ["menu", "Menu!", "/menu"]) {
      const from = newWaId();
      await postWebhook(waFixture("text", { from, text }));
      const sent = await sentTo(from);
      const lists = sent.filter((c) => c.body.type === "interactive" && c.body.interactive.type === "list");
      expect(lists.length, text).toBeGreaterThan(0);
      for (const list of lists) {
        const rows = list.body.interactive.action.sections.flatMap((s: any) => s.rows);
        expect(rows.length).toBeLessThanOrEqual(10);
        expect([...list.body.interactive.action.button].length).toBeLessThanOrEqual(20);
        for (const row of rows) {
          expect([...row.title].length).toBeLessThanOrEqual(24);
          expect([...(row.description ?? "")].length).toBeLessThanOrEqual(72);
          expect(row.id.length).toBeLessThanOrEqual(200);
        }
      }
      const ids = lists.flatMap((l) => choiceIds(l));
      for (const topic of content.menu) expect(ids, text).toContain(`t:${topic}`);
    }
  });

  it("opens the guide of a pressed reply button and of a chosen list row", async () => {
    const from = newWaId();
    expect((await postWebhook(waFixture("buttonReply", { from, id: "t:kartu-ak1" }))).status).toBe(200);
    let sent = await sentTo(from);
    expect(plain(shownText(sent[0]!))).toContain(guideStart("kartu-ak1"));
    await postWebhook(waFixture("listReply", { from, id: "t:cv" }));
    sent = (await sentTo(from)).slice(sent.length);
    expect(plain(shownText(sent[0]!))).toContain(guideStart("cv"));
    expect((await logged(from)).filter((r) => r.direction === "in").map((r) => r.kind)).toEqual(["action", "action"]);
  });

  it("does nothing new for a replayed wamid: no message, no read receipt, no row", async () => {
    const from = newWaId();
    const body = waFixture("text", { from, text: "cara bikin kartu kuning" });
    await postWebhook(body);
    const sent = (await sentTo(from)).length;
    const receipts = (await readReceipts(wamidOf(body))).length;
    const rows = (await logged(from)).length;
    const again = await postWebhook(body);
    expect(again.status).toBe(200);
    expect((await sentTo(from)).length).toBe(sent);
    expect((await readReceipts(wamidOf(body))).length).toBe(receipts);
    expect((await logged(from)).length).toBe(rows);
  });

  it("answers one copy when two copies of a message race; the other gets a retry or nothing", async () => {
    const from = newWaId();
    const body = waFixture("text", { from, text: "cara bikin kartu kuning" });
    const [a, b] = await Promise.all([postWebhook(body), postWebhook(body)]);
    expect([a.status, b.status].sort()).toContain(200);
    for (const res of [a, b]) expect([200, 409]).toContain(res.status);
    expect((await logged(from)).filter((r) => r.direction === "in")).toHaveLength(1);
    const firstTexts = (await sentTo(from)).filter((c) => plain(shownText(c)).includes(guideStart("kartu-ak1")));
    expect(firstTexts).toHaveLength(1);
  });

  it("answers each message of a batch to its own sender", async () => {
    const first = newWaId();
    const second = newWaId();
    const body = waFixture("batch", { from: first });
    body.entry[0].changes[0].value.messages[1].from = second;
    body.entry[0].changes[0].value.contacts[1].wa_id = second;
    expect((await postWebhook(body)).status).toBe(200);
    expect((await sentTo(first)).length).toBeGreaterThan(0);
    expect(plain(shownText((await sentTo(second))[0]!))).toContain(guideStart("kartu-ak1"));
  });

  it("answers words as commands: \"hapus data\" asks to confirm the erasure, \"data saya\" shows the data", async () => {
    const from = newWaId();
    await postWebhook(waFixture("text", { from, text: "Hapus data" }));
    const asked = await sentTo(from);
    expect(choiceIds(asked.at(-1))).toEqual(expect.arrayContaining([expect.stringMatching(/^d:/)]));
    const rows = await logged(from);
    expect(rows[0]!.kind).toBe("command");
  });

  it("answers a location politely, offering the menu and a counsellor; a photo is kept for the scam check or a counsellor", async () => {
    const from = newWaId();
    await postWebhook(waFixture("location", { from }));
    const sent = await sentTo(from);
    expect(sent.map(shownText).join("\n")).toContain(strings.mediaNotSupported(strings.media.location!).slice(0, 60));
    expect(sent.flatMap(choiceIds)).toEqual(expect.arrayContaining(["menu", "t:konselor"]));
    // test/files/whatsapp-files.test.ts covers what happens to the photo itself
    const photo = newWaId();
    await postWebhook(waFixture("image", { from: photo }));
    expect((await sentTo(photo)).flatMap(choiceIds)).toEqual(expect.arrayContaining(["sc", "t:konselor"]));
  });

  it("does not answer a group message or another business number's message, and stores neither", async () => {
    const from = newWaId();
    await postWebhook(waFixture("groupText", { from }));
    const other = waFixture("text", { from, text: "menu" });
    other.entry[0].changes[0].value.metadata.phone_number_id = "999999999999999";
    expect((await postWebhook(other)).status).toBe(200);
    expect(await sentTo(from)).toEqual([]);
    expect(await logged(from)).toEqual([]);
  });

  it("does not store the contact's profile name", async () => {
    const from = newWaId();
    await postWebhook(waFixture("text", { from, text: "menu" }));
    const dump = JSON.stringify(await env.DB.prepare("select * from messages where conversation_id = ?").bind(`wa:${from}`).all());
    const seekers = JSON.stringify(await env.DB.prepare("select * from seekers where external_id = ?").bind(from).all());
    expect(dump + seekers).not.toContain("Sheena");
  });
});

describe("POST /whatsapp: delivery reports", () => {
  it("records a reply's wamid and moves its row forward by the reports: delivered, read; a late failure does not undo a read", async () => {
    const from = newWaId();
    await postWebhook(waFixture("text", { from, text: "cara bikin kartu kuning" }));
    const sentIds = (await sentTo(from)).map((c) => c.wamid);
    const [reply] = (await logged(from)).filter((r) => r.direction === "out");
    expect(reply!.externalId).toMatch(/^wamid\./);
    expect(sentIds).toContain(reply!.externalId);
    const stateAfter = async (name: "statusSent" | "statusDelivered" | "statusRead" | "statusFailed") => {
      expect((await postWebhook(waFixture(name, { from, status: reply!.externalId! }))).status).toBe(200);
      return (await logged(from)).find((r) => r.externalId === reply!.externalId)!;
    };
    expect((await stateAfter("statusSent")).status).toBe("sent");
    expect((await stateAfter("statusDelivered")).status).toBe("delivered");
    expect((await stateAfter("statusRead")).status).toBe("read");
    expect((await stateAfter("statusFailed")).status).toBe("read");
  });

  it("marks a reply failed with Meta's code and reason when its report says failed", async () => {
    const from = newWaId();
    await postWebhook(waFixture("text", { from, text: "menu" }));
    const [reply] = (await logged(from)).filter((r) => r.direction === "out");
    await postWebhook(waFixture("statusFailed", { from, status: reply!.externalId! }));
    const row = (await logged(from)).find((r) => r.externalId === reply!.externalId)!;
    expect(row.status).toBe("failed");
    expect(row.error).toBe("131026: Message Undeliverable.");
  });

  it("ignores a report for a wamid BINJOL never sent", async () => {
    const from = newWaId();
    expect((await postWebhook(waFixture("statusDelivered", { from, status: "wamid.UNKNOWN" }))).status).toBe(200);
    expect(await logged(from)).toEqual([]);
  });

  it("answers 200 to sent, delivered, read and failed statuses and sends nothing", async () => {
    const from = newWaId();
    const before = (await graphCalls()).length;
    for (const name of ["statusSent", "statusDelivered", "statusRead", "statusFailed"] as const) {
      const res = await postWebhook(waFixture(name, { from }));
      expect(res.status, name).toBe(200);
    }
    expect((await graphCalls()).length).toBe(before);
  });
});

describe("the content bundle", () => {
  it("is loaded (guards the guide comparisons above)", async () => {
    expect(await env.CONTENT.get(CONTENT_KEY)).not.toBeNull();
    expect(guideStart("kartu-ak1").length).toBeGreaterThan(10);
  });
});
