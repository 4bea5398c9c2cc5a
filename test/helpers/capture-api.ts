/**
 * A fake Bot API server for tests that need methods the emulator lacks (forum topics) or need the Bot API
 * to fail: it records every call, and answers sendMessage calls to a chat from a script when one is set.
 *
 *  - `GET /__calls`: every recorded call, oldest first (`outcome` says how a scripted call was answered)
 *  - `POST /__script` with `{ chatId, responses: ScriptedResponse[] }`: the next sendMessage (or editMessageText)
 *    calls to that chat are answered by these responses, in order; then normally again. An empty list clears the script.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import { jpegBytes, pdfBytes } from "./files.ts";

/**
 * getFile of the stand-in: file ids of the fixtures' documents ("BQ...") are PDFs, photos ("Ag...") JPEGs, ids starting
 * with "big" claim 6 MB, "exe" ids are not a document; the file path ends with the id, which the download reads back.
 */
function getFileResult(fileId: string) {
  const bytes = fileBytes(fileId);
  const size = fileId.startsWith("big") ? 6 * 1024 * 1024 : (bytes?.length ?? 0);
  return { file_id: fileId, file_unique_id: `u${fileId.slice(0, 8)}`, file_size: size, file_path: `documents/${fileId}` };
}

function fileBytes(fileId: string): Uint8Array | undefined {
  if (fileId.startsWith("BQ") || fileId.startsWith("big")) return pdfBytes(`telegram ${fileId}`);
  if (fileId.startsWith("Ag")) return jpegBytes();
  if (fileId.startsWith("exe")) return new TextEncoder().encode("MZ not a document");
  return undefined;
}

/** One recorded Bot API call. */
export interface CapturedCall {
  method: string;
  body: Record<string, unknown>;
  /** for a scripted call: "ok", the HTTP status answered, or "hang" */
  outcome?: "ok" | "hang" | number;
}

/**
 * One scripted answer to a sendMessage call:
 *  - `{ ok: true }`: the normal answer
 *  - `{ status, description?, retry_after? }`: a Bot API error (e.g. 429 with retry_after, 500, 403 blocked)
 *  - `{ hang: true, closeAfterMs? }`: never answer; the socket is closed after `closeAfterMs` (a network
 *    error for the client) or, when not given, after HANG_LIMIT_MS, so the client's own timeout fires first.
 */
export type ScriptedResponse =
  | { ok: true }
  | { status: number; description?: string; retry_after?: number }
  | { hang: true; closeAfterMs?: number };

/** A hang is never longer than this, so a forgotten script cannot hold the test run. */
export const HANG_LIMIT_MS = 15_000;

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

/** Start the server on a free loopback port; returns its root URL and a stop function. */
export async function startCaptureApi(): Promise<{ root: string; stop: () => Promise<void> }> {
  const calls: CapturedCall[] = [];
  const scripts = new Map<string, ScriptedResponse[]>();
  const hanging = new Set<() => void>();
  let nextId = 1000;

  const normal = (res: ServerResponse, method: string, body: Record<string, unknown>) => {
    const id = nextId++;
    const result =
      method === "createForumTopic" ? { message_thread_id: id, name: body.name, icon_color: 0 }
      : method === "sendMessage" ? { message_id: id, date: 0, chat: { id: body.chat_id, type: "supergroup" }, text: body.text }
      : method === "getFile" ? getFileResult(String(body.file_id))
      : true;
    res.end(JSON.stringify({ ok: true, result }));
  };

  const scripted = (res: ServerResponse, step: ScriptedResponse, call: CapturedCall) => {
    if ("hang" in step) {
      call.outcome = "hang";
      const ms = Math.max(0, Math.min(step.closeAfterMs ?? HANG_LIMIT_MS, HANG_LIMIT_MS));
      const end = () => {
        clearTimeout(timer);
        hanging.delete(end);
        res.socket?.destroy();
      };
      const timer = setTimeout(end, ms);
      hanging.add(end);
      // The client gave up (its timeout): nothing left to hold.
      res.on("close", () => {
        clearTimeout(timer);
        hanging.delete(end);
      });
      return;
    }
    if ("ok" in step) {
      call.outcome = "ok";
      normal(res, call.method, call.body);
      return;
    }
    call.outcome = step.status;
    const description = step.description ?? (step.retry_after !== undefined
      ? `Too Many Requests: retry after ${step.retry_after}`
      : (DESCRIPTIONS[step.status] ?? "Error"));
    res.statusCode = step.status;
    res.end(JSON.stringify({
      ok: false,
      error_code: step.status,
      description,
      ...(step.retry_after !== undefined ? { parameters: { retry_after: step.retry_after } } : {}),
    }));
  };

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      res.setHeader("content-type", "application/json");
      // Bot API file downloads (<root>/file/bot<token>/<file_path>), as getFile below names them.
      if (url.pathname.includes("/file/bot")) {
        const bytes = fileBytes(url.pathname.split("/").pop() ?? "");
        res.setHeader("content-type", "application/octet-stream");
        if (!bytes) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.end(Buffer.from(bytes));
        return;
      }
      if (url.pathname === "/__calls") {
        res.end(JSON.stringify(calls));
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        res.statusCode = 400;
        res.end(JSON.stringify({ ok: false, error_code: 400, description: "Bad Request: body is not JSON" }));
        return;
      }
      if (url.pathname === "/__script") {
        const responses = body.responses;
        if (body.chatId === undefined || !Array.isArray(responses)) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: "expected { chatId, responses: [...] }" }));
          return;
        }
        if (responses.length === 0) scripts.delete(String(body.chatId));
        else scripts.set(String(body.chatId), [...(responses as ScriptedResponse[])]);
        res.end(JSON.stringify({ ok: true }));
        return;
      }
      const method = url.pathname.split("/").pop() ?? "";
      const call: CapturedCall = { method, body };
      calls.push(call);
      const queue = method === "sendMessage" || method === "editMessageText" ? scripts.get(String(body.chat_id)) : undefined;
      const step = queue?.shift();
      if (queue && queue.length === 0) scripts.delete(String(body.chat_id));
      if (step) scripted(res, step, call);
      else normal(res, method, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    root: `http://127.0.0.1:${port}`,
    stop: () => {
      for (const end of [...hanging]) end();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
