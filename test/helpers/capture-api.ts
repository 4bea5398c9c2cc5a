/** A fake Bot API server for tests that need methods the emulator lacks (forum topics): it records every call. */
import { createServer, type Server } from "node:http";

/** One recorded Bot API call. */
export interface CapturedCall {
  method: string;
  body: Record<string, unknown>;
}

/** Start the server on a free loopback port; returns its root URL and a stop function. */
export async function startCaptureApi(): Promise<{ root: string; stop: () => Promise<void> }> {
  const calls: CapturedCall[] = [];
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      res.setHeader("content-type", "application/json");
      if (url.pathname === "/__calls") {
        res.end(JSON.stringify(calls));
        return;
      }
      const method = url.pathname.split("/").pop() ?? "";
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      calls.push({ method, body });
      const id = nextId++;
      const result =
        method === "createForumTopic" ? { message_thread_id: id, name: body.name, icon_color: 0 }
        : method === "sendMessage" ? { message_id: id, date: 0, chat: { id: body.chat_id, type: "supergroup" }, text: body.text }
        : true;
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { root: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}
