/**
 * The Bot API stand-in of `npm run bench` in its own process (node scripts/bench-emulator.ts <port> [stub|emulator]),
 * so its work does not share an event loop with the load generator; prints its API URL once listening, stops on SIGTERM.
 *  - "stub" (the default, BENCH_BOT_API=stub): a minimal HTTP server answering every Bot API method at once, sendMessage
 *    with a message object, anything else with `true`. Telegram's servers cost the Worker's machine nothing in
 *    production, so the stand-in should take as little of this shared machine's CPU as it can.
 *  - "emulator" (BENCH_BOT_API=emulator): telegram-test-api, which also stores what it receives (about 1–2.5 ms of
 *    CPU per sendMessage here, measured with BENCH_VERBOSE=1).
 */
import { createServer } from "node:http";
import TelegramServer from "telegram-test-api";

const port = Number(process.argv[2]);
if (process.argv[3] === "emulator") {
  const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 60 });
  await server.start();
  process.stdout.write(`${server.config.apiURL}\n`);
  process.on("SIGTERM", () => {
    void server.stop().finally(() => process.exit(0));
  });
} else {
  let messageId = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").pop() ?? "";
      let result: unknown = true;
      if (method === "sendMessage" || method === "sendDocument" || method === "editMessageText") {
        let body: { chat_id?: number | string; text?: string } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as typeof body;
        } catch {
          // a multipart upload (sendDocument): the chat id is not needed for the answer
        }
        result = { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id ?? 0), type: "private" }, text: body.text ?? "" };
      }
      const payload = JSON.stringify({ ok: true, result });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${port}\n`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
