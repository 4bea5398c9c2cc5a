/** Messages the business itself sent (from the WhatsApp Business app: smb_message_echoes) are not answered or logged. */
import { describe, expect, it } from "vitest";
import echo from "../../fixtures/whatsapp/echo.json";
import { logged, newWaId, postWebhook, sentTo } from "./helpers.ts";

describe("POST /whatsapp: business echoes", () => {
  it("answers 200 to an echo of the business's own message and neither answers nor logs it", async () => {
    const to = newWaId();
    const body = structuredClone(echo) as any;
    body.entry[0].changes[0].value.message_echoes[0].to = to;
    expect((await postWebhook(body)).status).toBe(200);
    expect(await sentTo(to)).toEqual([]);
    expect(await logged(to)).toEqual([]);
  });

  it("does not answer a message whose sender is the business number itself", async () => {
    const body = structuredClone(echo) as any;
    const change = body.entry[0].changes[0];
    change.field = "messages";
    change.value.messages = change.value.message_echoes.map((m: any) => ({ from: m.from, id: m.id.replace("ECHO", "SELF"), timestamp: m.timestamp, type: "text", text: m.text }));
    delete change.value.message_echoes;
    expect((await postWebhook(body)).status).toBe(200);
    expect(await logged("15550783881")).toEqual([]);
    expect(await sentTo("15550783881")).toEqual([]);
  });
});
