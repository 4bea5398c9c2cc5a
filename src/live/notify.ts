/**
 * Pushes to the live rooms, called after the D1 write they announce. Best effort: a missing binding, a slow or failing
 * Durable Object never fails the request (the widget catches up from D1 with its hello or its polling, the
 * dashboard with its next load).
 */
import type { Effect } from "../core/types.ts";
import type { Env } from "../env.ts";
import { log } from "../log.ts";
import { INBOX_ROOM } from "./inbox-room.ts";
import type { CaseEvent } from "./protocol.ts";

/** Longest a push may hold up the request that stored the message. */
export const PUSH_BUDGET_MS = 1_500;

/** Tell the open widgets of a web conversation that a message for it was stored. */
export async function pushToConversation(env: Pick<Env, "CONVERSATION_ROOM">, conversationId: string, messageId?: number): Promise<void> {
  const rooms = env.CONVERSATION_ROOM;
  if (!rooms || !conversationId.startsWith("web:")) return;
  await bestEffort("conversation", () => rooms.getByName(conversationId).notify(messageId));
}

/** Tell the counsellors' open dashboard pages that a case changed. */
export async function announceCase(env: Pick<Env, "INBOX_ROOM">, event: Omit<CaseEvent, "t">): Promise<void> {
  const room = env.INBOX_ROOM;
  if (!room) return;
  await bestEffort("inbox", () => room.getByName(INBOX_ROOM).announce(event));
}

/** The inbox event of a seeker's handled message, from the case effects the engine applied (none when no case changed). */
export function caseEventOf(effects: readonly Effect[], conversationId: string): Omit<CaseEvent, "t"> | undefined {
  const kind = effects.some((e) => e.type === "openCase")
    ? "new"
    : effects.some((e) => e.type === "leaveCase")
      ? "closed"
      : effects.some((e) => e.type === "toCase")
        ? "message"
        : undefined;
  return kind ? { kind, conversationId, by: "seeker" } : undefined;
}

/** Announce the case event of a seeker's handled message, if any. */
export async function announceEffects(env: Pick<Env, "INBOX_ROOM">, effects: readonly Effect[], conversationId: string): Promise<void> {
  const event = caseEventOf(effects, conversationId);
  if (event) await announceCase(env, event);
}

async function bestEffort(room: string, push: () => Promise<unknown>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      push(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PUSH_BUDGET_MS} ms`)), PUSH_BUDGET_MS);
      }),
    ]);
  } catch (err) {
    log("warn", "live push failed", { room, message: err instanceof Error ? err.message.slice(0, 200) : "unknown" });
  } finally {
    clearTimeout(timer);
  }
}
