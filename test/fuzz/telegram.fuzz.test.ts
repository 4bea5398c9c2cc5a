/** Fuzzed Telegram updates: random and mutated payloads never cause a 5xx, an unhandled error or a bad reply. */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { countRows } from "../helpers/db.ts";
import { fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";
import { telegramHtmlProblems } from "../helpers/telegram-html.ts";
import { NASTY_TEXTS, prng } from "./prng.ts";

const SEED = Number(env.FUZZ_SEED ?? 20261123);
const CASES = 250;
const BASES = ["start", "startDeeplink", "text", "callback", "photo", "sticker", "voice", "document", "location", "edited", "groupText", "groupCommand", "myChatMember"] as const;

function randomValue(r: ReturnType<typeof prng>, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0: return null;
    case 1: return r.int(2) === 0;
    case 2: return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, NaN]);
    case 3: return r.pick(NASTY_TEXTS);
    case 4: return "x".repeat(r.int(5000));
    case 5: return "";
    case 6: return [randomValue(r, depth + 1), randomValue(r, depth + 1)];
    case 7: return { [r.pick(["text", "id", "chat", "from", "data", "entities"])]: randomValue(r, depth + 1) };
    default: {
      let nested: unknown = 1;
      for (let i = 0; i < 200; i++) nested = [nested];
      return nested;
    }
  }
}

/** Mutate one random leaf or field of the update. */
function mutate(value: any, r: ReturnType<typeof prng>): void {
  const paths: Array<[any, string]> = [];
  const walk = (o: any, d: number) => {
    if (!o || typeof o !== "object" || d > 6) return;
    for (const k of Object.keys(o)) {
      paths.push([o, k]);
      walk(o[k], d + 1);
    }
  };
  walk(value, 0);
  const [obj, key] = r.pick(paths);
  const op = r.int(4);
  if (op === 0) delete obj[key];
  else if (op === 1) obj[key] = randomValue(r);
  else if (op === 2 && typeof obj[key] === "string") obj[key] = r.pick(NASTY_TEXTS);
  else obj[r.pick(["extra", "text", "caption", "data"])] = randomValue(r);
}

it(`survives ${CASES} fuzzed Telegram updates (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const r = prng(SEED);
  const statuses = new Map<number, number>();
  for (let i = 0; i < CASES; i++) {
    const chat = newChatId();
    const update = fixture(r.pick(BASES), { chatId: chat });
    if (update.message && r.int(3) === 0) update.message.text = r.pick(NASTY_TEXTS);
    for (let m = r.int(4); m > 0; m--) mutate(update, r);
    const body = JSON.stringify(update);
    const before = await countRows("messages");
    const res = await postUpdate(body, { raw: true });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const json = (await res.json()) as { ok?: boolean; error?: string };
    const label = `case ${i}: ${body.slice(0, 200)}`;
    expect([200, 400, 413], label).toContain(res.status);
    if (res.status === 200) {
      // The error boundary answers { ok: false } only for a bug: fuzzed input must never reach it.
      expect(json.ok, `${label} → ${json.error}`).toBe(true);
      const sent = await sentTo(chat);
      for (const m of sent) {
        expect(telegramHtmlProblems(m.text), label).toEqual([]);
        expect(m.text.length).toBeGreaterThan(0);
      }
      const added = (await countRows("messages")) - before;
      expect([0, 2, 3], label).toContain(added);
    } else {
      expect(json.error, label).toBeTruthy();
      expect(await countRows("messages"), `${label}: rejected input must log nothing`).toBe(before);
    }
  }
  // The fuzzer must exercise both paths, or it proves little.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(20);
});
