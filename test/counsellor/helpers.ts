/** Helpers for dashboard tests: the sub-app mounted at /admin, accounts, sessions, and seeded cases. */
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { counsellorApp, type CounsellorAppOptions } from "../../src/counsellor/app.tsx";
import { createSession } from "../../src/counsellor/auth.ts";
import { hashPassword } from "../../src/counsellor/password.ts";
import { createDb } from "../../src/db/client.ts";

export const ORIGIN = "https://binjol.test";

/** The dashboard mounted at /admin as app.ts mounts it; `call` sends one request with the test bindings. */
export function adminApp(options: CounsellorAppOptions = {}, bindings: Record<string, string> = {}) {
  const app = new Hono().route("/admin", counsellorApp(options));
  return (path: string, init: RequestInit = {}) => app.request(`${ORIGIN}${path}`, init, { ...env, ...bindings });
}

let seq = 0;
/** A unique e-mail address per call, so tests sharing the database and throttle never collide. */
export function uniqueEmail(prefix = "petugas"): string {
  return `${prefix}.${Date.now().toString(36)}${(seq++).toString(36)}@disnaker.test`;
}

/** A counsellor account; returns its id. */
export async function createCounsellor(opts: { email: string; name?: string; password?: string; admin?: boolean; disabled?: boolean }): Promise<number> {
  const hash = await hashPassword(opts.password ?? "kata-sandi-rahasia");
  const row = await env.DB.prepare("insert into counsellors (email, name, password_hash, is_admin, disabled_at, created_at) values (?, ?, ?, ?, ?, ?) returning id")
    .bind(opts.email, opts.name ?? "Bu Sri Wahyuni", hash, opts.admin ? 1 : 0, opts.disabled ? Date.now() : null, Date.now())
    .first<{ id: number }>();
  return row!.id;
}

/** A signed-in counsellor: the Cookie header and the CSRF token of a fresh session. */
export interface Login {
  id: number;
  cookie: string;
  csrf: string;
}

/** Create a counsellor and a session for it directly in D1. */
export async function signedIn(opts: { name?: string; admin?: boolean; at?: number } = {}): Promise<Login> {
  const id = await createCounsellor({ email: uniqueEmail(), name: opts.name, admin: opts.admin });
  const { token, csrfToken } = await createSession(createDb(env.DB), id, opts.at ?? Date.now());
  return { id, cookie: `__Host-binjol_admin=${token}`, csrf: csrfToken };
}

/** A form post with the session's cookie and (unless told otherwise) its CSRF token. */
export function form(login: Pick<Login, "cookie" | "csrf"> | undefined, fields: Record<string, string>, opts: { csrf?: string | null; origin?: string } = {}): RequestInit {
  const body = new URLSearchParams(fields);
  const csrf = opts.csrf === undefined ? login?.csrf : opts.csrf;
  if (csrf !== null && csrf !== undefined) body.set("_csrf", csrf);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: opts.origin ?? ORIGIN };
  if (login) headers.cookie = login.cookie;
  return { method: "POST", headers, body: body.toString(), redirect: "manual" };
}

/** A GET with the session's cookie. */
export function get(login: Pick<Login, "cookie"> | undefined): RequestInit {
  return { headers: login ? { cookie: login.cookie } : {}, redirect: "manual" };
}

/** Seed a conversation (seeker, conversation, messages) and a case on it; returns ids. */
export async function seedCase(opts: {
  channel?: "telegram" | "web";
  status?: "waiting" | "open" | "closed" | "left";
  topic?: string;
  intake?: Record<string, string>;
  texts?: string[];
  createdAt?: number;
  assignedTo?: number;
  labels?: string[];
  outcome?: string;
  rating?: number;
  firstReplyAt?: number;
  conversationId?: string;
}): Promise<{ caseId: number; conversationId: string }> {
  const channel = opts.channel ?? "telegram";
  const external = `${Date.now()}${seq++}`;
  const conversationId = opts.conversationId ?? (channel === "telegram" ? `tg:${external}` : `web:${crypto.randomUUID()}`);
  const at = opts.createdAt ?? Date.now();
  const statements = [
    env.DB.prepare("insert or ignore into seekers (channel, external_id, first_seen_at, last_seen_at) values (?, ?, ?, ?)").bind(channel, conversationId, at, at),
    env.DB.prepare(
      "insert or ignore into conversations (id, seeker_id, channel, state, created_at, updated_at) values (?, (select id from seekers where channel = ? and external_id = ?), ?, '{}', ?, ?)",
    ).bind(conversationId, channel, conversationId, channel, at, at),
    env.DB.prepare(
      "insert into cases (conversation_id, channel, status, topic, intake, assigned_to, labels, outcome, rating, created_at, claimed_at, first_reply_at, closed_at, last_seeker_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).bind(
      conversationId,
      channel,
      opts.status ?? "waiting",
      opts.topic ?? "konselor",
      JSON.stringify(opts.intake ?? {}),
      opts.assignedTo ?? null,
      JSON.stringify(opts.labels ?? []),
      opts.outcome ?? null,
      opts.rating ?? null,
      at,
      opts.assignedTo ? at : null,
      opts.firstReplyAt ?? null,
      opts.status === "closed" ? at + 60_000 : null,
      at,
    ),
  ];
  await env.DB.batch(statements);
  const row = await env.DB.prepare("select max(id) as id from cases where conversation_id = ?").bind(conversationId).first<{ id: number }>();
  const caseId = row!.id;
  const texts = opts.texts ?? ["/konselor"];
  if (texts.length > 0) {
    await env.DB.batch(
      texts.map((text, i) =>
        env.DB.prepare(
          "insert into messages (conversation_id, channel, direction, sender, kind, text, topic, status, case_id, created_at) values (?, ?, 'in', 'seeker', 'text', ?, 'konselor', 'answered', ?, ?)",
        ).bind(conversationId, channel, text, caseId, at + i),
      ),
    );
  }
  return { caseId, conversationId };
}

/** The HTML of a response, asserting its status. */
export async function html(res: Response | Promise<Response>, status = 200): Promise<string> {
  const r = await res;
  const body = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${body.slice(0, 300)}`);
  return body;
}
