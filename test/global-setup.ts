/** Starts the Bot API emulator and the WhatsApp Cloud API and Discord API stand-ins once for the worker tests; the Worker sends to them for real. */
import { createServer } from "node:net";
import TelegramServer from "telegram-test-api";
import type { TestProject } from "vitest/node";
import { startWhatsAppEmulator } from "../scripts/whatsapp-emulator.ts";
import { startDiscordEmulator } from "../scripts/discord-emulator.ts";
import { startCaptureApi } from "./helpers/capture-api.ts";

declare module "vitest" {
  export interface ProvidedContext {
    telegramApiRoot: string;
    captureApiRoot: string;
    whatsappApiRoot: string;
    discordApiRoot: string;
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
  // the WhatsApp Cloud API stand-in: records every Graph API call, answers scripted errors
  const whatsapp = await startWhatsAppEmulator();
  project.provide("whatsappApiRoot", whatsapp.root);
  // the Discord API stand-in: records DMs, interaction follow-ups and command registration
  const discord = await startDiscordEmulator();
  project.provide("discordApiRoot", discord.root);
  return async () => {
    await server.stop();
    await capture.stop();
    await whatsapp.stop();
    await discord.stop();
  };
}
