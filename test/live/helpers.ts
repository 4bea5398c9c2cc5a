/** Helpers for the live rooms' tests: web-chat sessions through the API and WebSockets opened through the Worker. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

export const ORIGIN = "https://binjol.test";
const API = `${ORIGIN}/api/webchat`;

/** A new web-chat session: its id and bearer token. */
export async function session(): Promise<{ sessionId: string; token: string }> {
  const res = await exports.default.fetch(new Request(`${API}/sessions`, { method: "POST" }));
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; token: string };
}

/** Send one widget message; returns the stored message id and the replies' ids. */
export async function say(token: string, body: { text: string } | { action: string }): Promise<{ messageId: number; replies: Array<{ id: number; topic?: string }> }> {
  const res = await exports.default.fetch(
    new Request(`${API}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ clientMessageId: crypto.randomUUID(), ...body }),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { messageId: number; replies: Array<{ id: number; topic?: string }> };
}

/** One client socket with its received messages and its close event. */
export interface Socket {
  ws: WebSocket;
  /** parsed JSON messages in order of arrival */
  received: Array<Record<string, unknown>>;
  /** the next message that matches (already received or still to come), within `ms` */
  next(match?: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  /** resolves with the close code */
  closed: Promise<number>;
}

/** Open a WebSocket through the Worker (exports.default.fetch with Upgrade), asserting the 101. */
export async function connect(path: string, headers: Record<string, string> = {}): Promise<Socket> {
  const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", ...headers } }));
  if (res.status !== 101) throw new Error(`expected 101, got ${res.status}: ${await res.text()}`);
  const ws = res.webSocket!;
  ws.accept();
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.addEventListener("message", (e) => {
    received.push(JSON.parse(String(e.data)) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  let cursor = 0;
  async function next(match: (m: Record<string, unknown>) => boolean = () => true, ms = 3_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      while (cursor < received.length) {
        const m = received[cursor++]!;
        if (match(m)) return m;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(received)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  return { ws, received, next, closed };
}
