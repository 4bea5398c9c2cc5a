import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import type { ChannelSender, Delivery } from "../../src/core/channel.ts";
import { handleInbound } from "../../src/core/conversation.ts";
import { DeliveryError, InFlightError } from "../../src/core/errors.ts";
import type { Inbound, Reply } from "../../src/core/types.ts";
import { createDb } from "../../src/db/client.ts";
import { createConversationStore, STALE_CLAIM_MS } from "../../src/db/conversation-store.ts";
import { countRows, loggedMessages } from "../helpers/db.ts";
import { probeD1 } from "../helpers/d1.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
let seq = 0;

function inbound(text: string, key = `test:${++seq}`): Inbound {
  return {
    channel: "telegram",
    conversationId: `tg:${9_000_000 + seq}`,
    seekerKey: String(9_000_000 + seq),
    dedupeKey: key,
    externalMessageId: String(seq),
    receivedAt: Date.now(),
    event: { type: "text", text },
  };
}

/** A channel that records replies and answers with scripted deliveries. */
function channel(result: (replies: Reply[]) => Delivery[] = (r) => r.map(() => ({ status: "sent" as const, externalMessageId: "1" }))) {
  const delivered: Reply[][] = [];
  const port: ChannelSender = {
    name: "telegram",
    async send(_conversationId, replies) {
      delivered.push(replies);
      return result(replies);
    },
  };
  return { port, delivered };
}

describe("handleInbound on real D1", () => {
  let clock = Date.now();
  const now = () => clock;
  beforeEach(() => {
    clock = Date.now();
  });

  it("logs and answers a message in exactly 2 D1 round trips", async () => {
    const probe = probeD1(env.DB);
    const store = createConversationStore(createDb(probe.db), { now });
    const ch = channel();
    const msg = inbound("cara bikin cv");
    const result = await handleInbound(msg, { store, content, sender: ch.port });
    expect(result.status).toBe("handled");
    expect(probe.roundTrips()).toBe(2);
    const rows = await loggedMessages(msg.conversationId);
    // A first contact also gets the short privacy notice.
    expect(rows.map((r) => [r.direction, r.topic])).toEqual([
      ["in", "cv"],
      ["out", "cv"],
      ["out", "privasi"],
    ]);
  });

  it("a duplicate costs one round trip and changes nothing", async () => {
    const store = createConversationStore(createDb(env.DB), { now });
    const msg = inbound("tips wawancara");
    await handleInbound(msg, { store, content, sender: channel().port });
    const probe = probeD1(env.DB);
    const ch = channel();
    const again = await handleInbound(msg, { store: createConversationStore(createDb(probe.db), { now }), content, sender: ch.port });
    expect(again.status).toBe("duplicate");
    expect(ch.delivered).toEqual([]);
    expect(probe.roundTrips()).toBe(1);
    expect(await loggedMessages(msg.conversationId)).toHaveLength(3);
  });

  it("when D1 fails on the first batch, nothing is written and the error propagates", async () => {
    const probe = probeD1(env.DB);
    const store = createConversationStore(createDb(probe.db), { now });
    const before = { messages: await countRows("messages"), seekers: await countRows("seekers"), conversations: await countRows("conversations") };
    probe.failBatch(1);
    const ch = channel();
    await expect(handleInbound(inbound("halo"), { store, content, sender: ch.port })).rejects.toThrow(/injected/);
    expect(ch.delivered).toEqual([]);
    expect(await countRows("messages")).toBe(before.messages);
    expect(await countRows("seekers")).toBe(before.seekers);
    expect(await countRows("conversations")).toBe(before.conversations);
  });

  it("when D1 fails while logging the replies, the retry logs everything exactly once", async () => {
    const probe = probeD1(env.DB);
    const store = createConversationStore(createDb(probe.db), { now });
    const msg = inbound("syarat kartu kuning");
    probe.failBatch(2);
    await expect(handleInbound(msg, { store, content, sender: channel().port })).rejects.toThrow(/injected/);
    // The inbound message is logged (atomically with its claim); no reply is logged yet.
    expect((await loggedMessages(msg.conversationId)).map((r) => r.direction)).toEqual(["in"]);

    // A retry while the claim is fresh is told to come back later.
    await expect(handleInbound(msg, { store, content, sender: channel().port })).rejects.toBeInstanceOf(InFlightError);

    // Once the claim is stale the retry answers and logs the reply; the inbound stays logged once.
    clock += STALE_CLAIM_MS + 1;
    const ch = channel();
    const retry = await handleInbound(msg, { store, content, sender: ch.port });
    expect(retry.status).toBe("handled");
    expect(ch.delivered).toHaveLength(1);
    const rows = await loggedMessages(msg.conversationId);
    expect(rows.map((r) => [r.direction, r.topic])).toEqual([
      ["in", "kartu-ak1"],
      ["out", "kartu-ak1"],
    ]);
    // And after that it is done for good.
    clock += STALE_CLAIM_MS + 1;
    expect((await handleInbound(msg, { store, content, sender: channel().port })).status).toBe("duplicate");
  });

  it("a transient delivery failure asks for a retry and logs no reply until it is delivered", async () => {
    const store = createConversationStore(createDb(env.DB), { now });
    const msg = inbound("info pelatihan blk");
    const failing = channel((r) => r.map(() => ({ status: "failed" as const, error: "Telegram error 502", transient: true })));
    await expect(handleInbound(msg, { store, content, sender: failing.port })).rejects.toBeInstanceOf(DeliveryError);
    expect((await loggedMessages(msg.conversationId)).map((r) => r.direction)).toEqual(["in"]);
    clock += STALE_CLAIM_MS + 1;
    const ok = channel();
    expect((await handleInbound(msg, { store, content, sender: ok.port })).status).toBe("handled");
    expect((await loggedMessages(msg.conversationId)).map((r) => [r.direction, r.status])).toEqual([
      ["in", "answered"],
      ["out", "sent"],
    ]);
  });

  it("a permanent delivery failure (blocked) is logged as failed with the reason, never lost", async () => {
    const store = createConversationStore(createDb(env.DB), { now });
    const msg = inbound("menu");
    const blocked = channel((r) => r.map(() => ({ status: "failed" as const, error: "blocked: Forbidden: bot was blocked by the user", transient: false })));
    expect((await handleInbound(msg, { store, content, sender: blocked.port })).status).toBe("handled");
    const out = (await loggedMessages(msg.conversationId)).filter((r) => r.direction === "out");
    expect(out.length).toBeGreaterThan(0);
    for (const row of out) expect(row).toMatchObject({ status: "failed", error: "blocked: Forbidden: bot was blocked by the user" });
  });

  it("keeps conversation state between messages", async () => {
    const store = createConversationStore(createDb(env.DB), { now });
    const first = inbound("tips wawancara");
    await handleInbound(first, { store, content, sender: channel().port });
    // the next message of the same conversation starts from that state
    const next: Inbound = { ...first, dedupeKey: `${first.dedupeKey}:next`, event: { type: "text", text: "halo" } };
    const claim = await store.begin(next, "halo", "text");
    expect(claim.owned).toBe(true);
    expect(claim.state).toMatchObject({ lastTopic: "wawancara" });
  });
});
