/** POST /discord: signatures, PING, slash commands and components through the core, privacy in a server, deferral, dedupe. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../../src/content/types.ts";
import { choiceIds, shownText } from "../../../src/channels/discord/render.ts";
import { answered, dcCalls, dcFixture, logged, newSnowflake, postInteraction, signatureHeaders } from "./helpers.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const EPHEMERAL = 64;

/** The opening words of a compiled guide. */
function opening(topic: "cv" | "wawancara"): string {
  return content.topics[topic].text.split("\n")[0]!.slice(0, 60);
}

async function json(res: Response): Promise<any> {
  expect(res.headers.get("content-type")).toContain("application/json");
  return res.json();
}

describe("the Discord interactions endpoint", () => {
  it("answers a signed PING with PONG", async () => {
    const res = await postInteraction(dcFixture("ping"));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ type: 1 });
  });

  it("refuses a wrong, missing or stale signature with 401 and logs nothing", async () => {
    const user = newSnowflake();
    const body = JSON.stringify(dcFixture("commandDm", { user, command: "menu", value: "" }));
    const good = await signatureHeaders(body);
    const flipped = good["X-Signature-Ed25519"]!.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    const stale = await signatureHeaders(body, Math.floor(Date.now() / 1000) - 10 * 60);
    const otherBody = await signatureHeaders(body.replace("menu", "profil"));
    for (const headers of [
      { ...good, "X-Signature-Ed25519": flipped },
      {},
      { "X-Signature-Timestamp": good["X-Signature-Timestamp"]! },
      stale,
      otherBody,
    ]) {
      const res = await postInteraction(body, { headers });
      expect(res.status).toBe(401);
      expect((await res.json()) as { error: string }).toMatchObject({ error: expect.stringContaining("invalid request signature") });
    }
    expect(await logged(user)).toEqual([]);
    // the same body with its own fresh signature is answered
    expect((await postInteraction(body)).status).toBe(200);
    expect((await logged(user)).filter((r) => r.direction === "in")).toHaveLength(1);
  });

  it("answers 404 without the Discord settings", async () => {
    const res = await postInteraction(dcFixture("ping"), { bindings: { DISCORD_PUBLIC_KEY: "" } });
    expect(res.status).toBe(404);
  });

  it("refuses a signed body that is not an interaction with 400 and a reason", async () => {
    const res = await postInteraction({ type: 2, id: "not-a-snowflake" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain("id");
  });

  it("answers /menu in a DM with the menu as buttons (at most 5 per row and 5 rows), visible", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandDm", { user, command: "menu", value: "" });
    const answer = await json(await postInteraction(body));
    expect(answer.type).toBe(4);
    expect(answer.data.flags ?? 0).toBe(0);
    const rows = answer.data.components as Array<{ type: number; components: Array<{ type: number; custom_id: string }> }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const row of rows) {
      expect(row.type).toBe(1);
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const c of row.components) expect(c.type).toBe(2);
    }
    expect(choiceIds(answer.data)).toEqual(expect.arrayContaining(["t:cv", "t:lowongan", "t:konselor"]));
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
    const rows_ = await logged(user);
    expect(rows_.map((r) => [r.direction, r.topic])).toEqual([
      ["in", "menu"],
      ["out", "menu"],
    ]);
    expect(rows_[0]).toMatchObject({ text: "/menu", dedupeKey: `dc:${body.id}` });
  });

  it("answers a guide's button with that guide's text, ephemeral in a server channel", async () => {
    const user = newSnowflake();
    const res = await postInteraction(dcFixture("button", { user, action: "t:cv" }));
    const answer = await json(res);
    expect(answer.type).toBe(4);
    expect(answer.data.flags).toBe(EPHEMERAL);
    expect(shownText(answer.data)).toContain(opening("cv"));
    expect((answer.data.content ?? "").length).toBeLessThanOrEqual(2000);
    for (const e of answer.data.embeds ?? []) expect(e.description.length).toBeLessThanOrEqual(2000);
    const out = (await logged(user)).filter((r) => r.direction === "out");
    expect(out.at(-1)).toMatchObject({ topic: "cv", status: "sent" });
  });

  it("answers a select menu choice with the chosen guide", async () => {
    const user = newSnowflake();
    const answer = await json(await postInteraction(dcFixture("select", { user, action: "t:wawancara" })));
    expect(shownText(answer.data)).toContain(opening("wawancara"));
    expect((await logged(user)).filter((r) => r.direction === "in")[0]!.text).toBe(content.topics.wawancara.menuLabel ?? content.topics.wawancara.title);
  });

  it("answers /profil in a server channel ephemerally, and /menu there visibly", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandGuild", { user, command: "profil", value: "" });
    const profil = await json(await postInteraction(body));
    expect(profil.type).toBe(4);
    expect(profil.data.flags).toBe(EPHEMERAL);
    expect((await answered(body, profil)).messages.map(shownText).join("\n")).not.toBe("");
    expect((await logged(user)).filter((r) => r.direction === "in").map((r) => [r.text, r.topic])).toEqual([["/profil", "profil"]]);
    const menu = await json(await postInteraction(dcFixture("commandGuild", { user, command: "menu", value: "" })));
    expect(menu.data.flags ?? 0).toBe(0);
  });

  it("answers /tanya in a server channel with the question's guide, only to the member who asked", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandGuild", { user });
    const seen = await answered(body, await json(await postInteraction(body)));
    expect(seen.ephemeral).toBe(true);
    expect(seen.messages.map(shownText).join("\n")).toContain(opening("cv"));
    expect((await logged(user))[0]!.text).toBe("gimana cara bikin cv yang bagus");
  });

  it("checks the text of /cek-lowongan teks:... at once", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandDm", { user });
    const seen = await answered(body, await json(await postInteraction(body)));
    const { results } = await env.DB.prepare("select verdict from scam_checks where conversation_id = ?").bind(`dc:${user}`).all<{ verdict: string }>();
    expect(results.map((r) => r.verdict)).toEqual(["suspicious"]);
    expect(seen.ephemeral).toBe(false);
    expect(seen.messages.flatMap(choiceIds)).toContain("sc");
  });

  it("defers when the answer is not ready in time and completes it through the interaction webhook", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandDm", { user, command: "menu", value: "" });
    const answer = await json(await postInteraction(body, { bindings: { DISCORD_RESPONSE_BUDGET_MS: "0" } }));
    expect(answer).toEqual({ type: 5 });
    const calls = await dcCalls({ token: body.token });
    expect(calls.map((c) => c.kind)).toEqual(["edit"]);
    expect(calls[0]!.path).toBe(`/api/v10/webhooks/${env.DISCORD_APPLICATION_ID}/${body.token}/messages/@original`);
    expect(choiceIds(calls[0]!.body)).toEqual(expect.arrayContaining(["t:cv", "t:konselor"]));
    expect((await logged(user)).filter((r) => r.direction === "out").map((r) => r.status)).toEqual(["sent"]);
  });

  it("defers a personal answer in a server ephemerally", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandGuild", { user, command: "konselor", value: "" });
    const answer = await json(await postInteraction(body, { bindings: { DISCORD_RESPONSE_BUDGET_MS: "0", OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" } }));
    expect(answer).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const calls = await dcCalls({ token: body.token });
    expect(calls[0]!.kind).toBe("edit");
    expect(choiceIds(calls.at(-1)!.body)).toContain("h:leave");
  });

  it("answers an interaction Discord sends twice only once", async () => {
    const user = newSnowflake();
    const body = dcFixture("commandDm", { user, command: "menu", value: "" });
    const first = await json(await postInteraction(body));
    expect(first.type).toBe(4);
    const again = await json(await postInteraction(body));
    expect(again).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(choiceIds(again.data)).toEqual([]);
    const rows = await logged(user);
    expect(rows.filter((r) => r.direction === "in")).toHaveLength(1);
    expect(rows.filter((r) => r.direction === "out")).toHaveLength(1);
    expect(await dcCalls({ token: body.token })).toEqual([]);
  });

  it("gives a member who floods the bot one notice, then quiet answers only they see, and logs every interaction", async () => {
    const user = newSnowflake();
    const texts: string[] = [];
    for (let i = 0; i < 33; i++) {
      const res = await json(await postInteraction(dcFixture("commandDm", { user, command: "menu", value: "" })));
      expect(res.type).toBe(4);
      texts.push(String(res.data.content ?? ""));
    }
    // the limit is 30 a minute per conversation (wrangler.toml DISCORD_CHAT_LIMITER)
    expect(texts.filter((t) => /terlalu cepat|terlalu banyak/i.test(t))).toHaveLength(1);
    const rows = await logged(user);
    expect(rows.filter((r) => r.direction === "in")).toHaveLength(33);
  });
});
