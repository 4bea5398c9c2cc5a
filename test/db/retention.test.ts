import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { housekeeping } from "../../src/index.ts";
import { fixture, newChatId, postUpdate } from "../helpers/telegram.ts";

const DAY = 86_400_000;

async function count(sql: string, ...args: unknown[]) {
  return (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n;
}

it("deletes conversations untouched for RETENTION_DAYS, keeps recent ones and open cases, and keeps anonymous counts", async () => {
  const old = newChatId();
  const recent = newChatId();
  const waiting = newChatId();
  await postUpdate(fixture("text", { chatId: old, text: "cara bikin cv" }));
  await postUpdate(fixture("text", { chatId: recent, text: "tips wawancara" }));
  await postUpdate(fixture("start", { chatId: waiting, text: "/konselor" }));
  const oldCase = await env.DB.prepare("insert into cases (conversation_id, channel, status, created_at, last_seeker_at) values (?, 'telegram', 'closed', 0, 0) returning id").bind(`tg:${old}`).first<{ id: number }>();
  const counsellor = await env.DB.prepare("insert into counsellors (email, name, password_hash, created_at) values ('ret@x.test', 'R', 'x', 0) returning id").first<{ id: number }>();
  await env.DB.prepare("insert into case_notes (case_id, counsellor_id, text, created_at) values (?, ?, 'catatan', 0)").bind(oldCase!.id, counsellor!.id).run();
  const now = Date.now();
  // Age two conversations past the retention; one of them still has a waiting case.
  await env.DB.prepare("update conversations set updated_at = ? where id in (?, ?)").bind(now - 400 * DAY, `tg:${old}`, `tg:${waiting}`).run();
  const oldMessages = await count("select count(*) as n from messages where conversation_id = ?", `tg:${old}`);
  const erasedBefore = await count("select coalesce(sum(messages), 0) as n from erasures");

  await housekeeping({ ...env, RETENTION_DAYS: "365" }, now);

  expect(await count("select count(*) as n from messages where conversation_id = ?", `tg:${old}`)).toBe(0);
  expect(await count("select count(*) as n from conversations where id = ?", `tg:${old}`)).toBe(0);
  expect(await count("select count(*) as n from seekers where external_id = ?", String(old))).toBe(0);
  expect(await count("select count(*) as n from case_notes where case_id = ?", oldCase!.id)).toBe(0);
  expect(await count("select count(*) as n from messages where conversation_id = ?", `tg:${recent}`)).toBeGreaterThan(0);
  expect(await count("select count(*) as n from messages where conversation_id = ?", `tg:${waiting}`)).toBeGreaterThan(0);
  expect((await count("select coalesce(sum(messages), 0) as n from erasures")) - erasedBefore).toBe(oldMessages);
});

it("removes web sessions that never sent anything after a day", async () => {
  const now = Date.now();
  await env.DB.prepare("insert into web_sessions (id, token_hash, created_at) values ('00000000-0000-4000-8000-000000000001', 'h', ?), ('00000000-0000-4000-8000-000000000002', 'h', ?)").bind(now - 2 * DAY, now).run();
  await housekeeping(env, now);
  const { results } = await env.DB.prepare("select id from web_sessions where id like '00000000-0000-4000-8000-00000000000%'").all<{ id: string }>();
  expect(results.map((r) => r.id)).toEqual(["00000000-0000-4000-8000-000000000002"]);
});

it("deletes an inactive seeker's profile and scam checks with their last conversation", async () => {
  const old = newChatId();
  const active = newChatId();
  for (const chat of [old, active]) {
    await postUpdate(fixture("callback", { chatId: chat, data: "pf:a18" }));
    await postUpdate(fixture("callback", { chatId: chat, data: "sc" }));
    await postUpdate(fixture("text", { chatId: chat, text: "Loker admin online gaji 9jt tanpa pengalaman, bayar biaya pendaftaran 100rb dulu ya kak." }));
  }
  const profiles = "select count(*) as n from profiles p join seekers s on s.id = p.seeker_id where s.external_id = ?";
  expect(await count(profiles, String(old))).toBe(1);
  expect(await count("select count(*) as n from scam_checks where conversation_id = ?", `tg:${old}`)).toBe(1);
  const now = Date.now();
  await env.DB.prepare("update conversations set updated_at = ? where id = ?").bind(now - 400 * DAY, `tg:${old}`).run();
  await housekeeping({ ...env, RETENTION_DAYS: "365" }, now);
  expect(await count("select count(*) as n from profiles where seeker_id not in (select id from seekers)")).toBe(0);
  expect(await count("select count(*) as n from scam_checks where conversation_id = ?", `tg:${old}`)).toBe(0);
  expect(await count("select count(*) as n from seekers where external_id = ?", String(old))).toBe(0);
  expect(await count(profiles, String(active))).toBe(1);
  expect(await count("select count(*) as n from scam_checks where conversation_id = ?", `tg:${active}`)).toBe(1);
});

it("costs two D1 round trips per batch of 50 conversations, as its budget of 50 subrequests per run assumes", async () => {
  const { pruneExpired } = await import("../../src/db/retention.ts");
  const { createDb } = await import("../../src/db/client.ts");
  const now = Date.UTC(2031, 0, 10);
  // 120 conversations untouched for two years: batches of 50, 50 and 20
  const stmts = [];
  for (let i = 0; i < 120; i++) {
    const id = `web:rt-${i}`;
    stmts.push(env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('web', ?, 0, 0)").bind(`rt-${i}`));
    stmts.push(env.DB.prepare("insert into conversations (id, seeker_id, channel, state, created_at, updated_at) values (?, (select id from seekers where channel = 'web' and external_id = ?), 'web', '{}', 0, ?)").bind(id, `rt-${i}`, now - 800 * DAY));
    stmts.push(env.DB.prepare("insert into messages (conversation_id, channel, direction, sender, kind, text, status, created_at) values (?, 'web', 'in', 'seeker', 'text', 'halo', 'answered', 0)").bind(id));
  }
  await env.DB.batch(stmts);
  let roundTrips = 0;
  const counted = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch") return (s: D1PreparedStatement[]) => (roundTrips++, target.batch(s));
      if (prop === "prepare") {
        return (q: string) =>
          new Proxy(target.prepare(q), {
            get(st, p) {
              const v = Reflect.get(st, p, st);
              if (p === "bind") return (...a: unknown[]) => counting(v.apply(st, a));
              return typeof v === "function" && ["all", "first", "run", "raw"].includes(String(p)) ? (...a: unknown[]) => (roundTrips++, v.apply(st, a)) : typeof v === "function" ? v.bind(st) : v;
            },
          });
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  function counting(st: D1PreparedStatement): D1PreparedStatement {
    return new Proxy(st, {
      get(s, p) {
        const v = Reflect.get(s, p, s);
        return typeof v === "function" && ["all", "first", "run", "raw"].includes(String(p)) ? (...a: unknown[]) => (roundTrips++, v.apply(s, a)) : typeof v === "function" ? v.bind(s) : v;
      },
    });
  }
  const erasedBefore = await count("select coalesce(sum(messages), 0) as n from erasures");
  const result = await pruneExpired(createDb(counted), { now, days: 365 });
  expect(result.conversations).toBeGreaterThanOrEqual(120);
  expect(result.messages).toBeGreaterThanOrEqual(120);
  expect(await count("select count(*) as n from conversations where id like 'web:rt-%'")).toBe(0);
  expect(await count("select coalesce(sum(messages), 0) as n from erasures")).toBe(erasedBefore + result.messages);
  expect(roundTrips).toBe(2 * Math.ceil(result.conversations / 50));
});
