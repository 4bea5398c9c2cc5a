/** Starts the telegram-test-api Bot API emulator once for the worker tests; the Worker sends to it for real. */
import { createServer } from "node:net";
import TelegramServer from "telegram-test-api";
import type { TestProject } from "vitest/node";
import { startCaptureApi } from "./helpers/capture-api.ts";

declare module "vitest" {
  export interface ProvidedContext {
    telegramApiRoot: string;
    captureApiRoot: string;
  }
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 3600 });
  await server.start();
  project.provide("telegramApiRoot", `http://127.0.0.1:${port}`);
  const capture = await startCaptureApi();
  project.provide("captureApiRoot", capture.root);
  return async () => {
    await server.stop();
    await capture.stop();
  };
}
