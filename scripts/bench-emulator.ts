/**
 * The Bot API emulator of `npm run bench` in its own process (node scripts/bench-emulator.ts <port>), so its work
 * does not share an event loop with the load generator; prints its API URL once listening, stops on SIGTERM.
 */
import TelegramServer from "telegram-test-api";

const server = new TelegramServer({ port: Number(process.argv[2]), host: "127.0.0.1", storeTimeout: 60 });
await server.start();
process.stdout.write(`${server.config.apiURL}\n`);
process.on("SIGTERM", () => {
  void server.stop().finally(() => process.exit(0));
});
