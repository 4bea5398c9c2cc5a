/** The workerd side of the recording fake Bot API (test/helpers/capture-api.ts): script answers, read the calls. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { CapturedCall, ScriptedResponse } from "./capture-api.ts";

/** Make the next sendMessage calls to `chatId` get these answers (429, 403, 500, ...). */
export async function script(chatId: number, responses: ScriptedResponse[]): Promise<void> {
  const res = await fetch(`${env.CAPTURE_API_ROOT}/__script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chatId, responses }),
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

/** Every call the fake Bot API received, oldest first. */
export async function capturedCalls(): Promise<CapturedCall[]> {
  return (await (await fetch(`${env.CAPTURE_API_ROOT}/__calls`)).json()) as CapturedCall[];
}

/** The sendMessage calls made to `chatId`, oldest first, with how the fake answered each. */
export async function sendsTo(chatId: number): Promise<CapturedCall[]> {
  return (await capturedCalls()).filter((c) => c.method === "sendMessage" && c.body.chat_id === chatId);
}
