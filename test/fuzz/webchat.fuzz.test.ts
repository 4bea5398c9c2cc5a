/** Fuzzed web-chat bodies: never a 5xx, rejected input logs nothing, every reply is well-formed. */
import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { countRows } from "../helpers/db.ts";
import { NASTY_TEXTS, prng } from "./prng.ts";

const SEED = Number(env.FUZZ_SEED ?? 20261123) + 1;
const CASES = 200;
/** Button actions, valid and broken: topics, and the job flows' lists, filters, details, profile and scam check. */
const ACTIONS = [
  "menu", "t:cv", "t:unknown", "x", "t:" + "a".repeat(70), "", "t:../../etc",
  "t:lowongan", "vl:2", "vl:-5", "vl:abc", "vl:99999", "vd:", "vd:zzzzzz", "va:zzzzzz", "vk:zzzzzz", "vf:e:XX", "vf:l:99.99",
  "vf:q", "vf:x", "vm", "vs", "ll:0", "ld:", "lf:l", "lf:e:S3", "lm", "sc", "g:unknown", "g:../x", "g:cv",
  "pf", "pf:ok", "pf:a18", "pf:u18", "pf:g:ok", "pf:g:no", "pf:n", "pf:e:ZZ", "pf:d:99", "pf:pl:1", "pf:w:bad", "pf:skip", "pf:del:y", "al:on", "al:off",
  // keys of Object.prototype (security review L1)
  "g:__proto__", "g:constructor", "g:toString", "constructor", "__proto__:x", "pf:pl:__proto__", "vf:l:constructor",
];

it(`survives ${CASES} fuzzed web-chat bodies (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const r = prng(SEED);
  const session = async () =>
    ((await (await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }))).json()) as { token: string }).token;
  let token = await session();
  const statuses = new Map<number, number>();
  for (let i = 0; i < CASES; i++) {
    if (i % 20 === 0) token = await session(); // stay under the per-session flood limit
    const shape = r.int(8);
    const body =
      shape === 0 ? { text: r.pick(NASTY_TEXTS) }
      : shape === 1 ? { action: r.pick(ACTIONS) }
      : shape === 2 ? { text: r.pick(NASTY_TEXTS), clientMessageId: r.pick(["a", "x".repeat(65), "ok-1", "bad id", ""]) }
      : shape === 3 ? { text: r.pick(NASTY_TEXTS), [r.pick(["role", "__proto__", "constructor", "sessionId"])]: 1 }
      : shape === 4 ? r.pick([null, [], 42, "text", { text: null }, { text: ["a"] }, { action: 5 }])
      : shape === 5 ? { text: "x".repeat(r.int(3000)) }
      : shape === 6 ? JSON.parse(`{"text":${JSON.stringify(r.pick(NASTY_TEXTS))},"nested":${"[".repeat(100)}${"]".repeat(100)}}`)
      : { text: r.pick(NASTY_TEXTS) };
    const raw = r.int(10) === 0 ? JSON.stringify(body).slice(0, -1) : JSON.stringify(body);
    const before = await countRows("messages");
    const res = await exports.default.fetch(
      new Request("https://binjol.test/api/webchat/messages", {
        method: "POST",
        headers: { "content-type": "application/json", Authorization: `Bearer ${token}` },
        body: raw,
      }),
    );
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const label = `case ${i}: ${raw.slice(0, 160)}`;
    expect([200, 400, 413], label).toContain(res.status);
    const json = (await res.json()) as { error?: string; replies?: Array<{ id: number; topic: string; text: string; html?: string; buttons: Array<{ label: string; action: string }> }> };
    if (res.status === 200) {
      expect(json.replies!.length, label).toBeGreaterThan(0);
      for (const reply of json.replies!) {
        expect(typeof reply.id).toBe("number");
        expect(reply.topic).toMatch(/^[a-z0-9-]+$/);
        expect(typeof reply.text).toBe("string");
        for (const b of reply.buttons) expect(new TextEncoder().encode(b.action).length).toBeLessThanOrEqual(64);
        if (reply.html) expect(reply.html).not.toMatch(/<script|onerror|javascript:/i);
      }
    } else {
      expect(json.error, label).toBeTruthy();
      expect(await countRows("messages"), `${label}: rejected input must log nothing`).toBe(before);
    }
  }
  expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(20);
});
