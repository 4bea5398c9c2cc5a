/**
 * A vacancy whose deadline passed after the content was deployed: the Worker hides it by the office's date, with no
 * redeploy, and its old detail button says it is closed. (The compiler already leaves out listings expired at build
 * time; this is the other half.)
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { forgetListings } from "../../src/content/listings-store.ts";
import { addDays } from "../../src/content/relative-dates.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import { clockFrom } from "../../src/env.ts";
import { officeDate } from "../../src/listings/search.ts";
import type { Listings, Vacancy } from "../../src/listings/types.ts";
import { listingsFromBlobs, storeListings } from "../helpers/stored-listings.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const blobs = JSON.parse(env.TEST_BLOBS) as Record<string, string>;
const listings = listingsFromBlobs(blobs, content.blobs.listings!);
let expired: Vacancy;
let stillOpen: Vacancy;

interface WebReply {
  text: string;
  buttons: Array<{ label: string; action: string }>;
}

async function say(token: string, body: { action: string }): Promise<WebReply[]> {
  const res = await exports.default.fetch(
    new Request("https://binjol.test/api/webchat/messages", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: WebReply[] }).replies;
}

beforeAll(async () => {
  const today = officeDate(Date.now(), clockFrom(env));
  const open = listings.vacancies.filter((v) => v.deadline >= today);
  expect(open.length).toBeGreaterThan(2);
  // the newest vacancy closed yesterday: it would be on the first page otherwise
  expired = open[0]!;
  stillOpen = open[1]!;
  expired.deadline = addDays(today, -1);
  const stored = storeListings(listings);
  await env.CONTENT.put(content.blobs.listings!, stored.index);
  for (const [key, text] of Object.entries(stored.chunks)) await env.CONTENT.put(key, text);
  forgetListings();
});

describe("a vacancy past its deadline", () => {
  it("is not listed, and its detail button says it is closed while others still open", async () => {
    const res = await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }));
    const { token } = (await res.json()) as { token: string };
    const [list] = await say(token, { action: "t:lowongan" });
    const ids = list!.buttons.map((b) => b.action).filter((a) => a.startsWith("vd:"));
    expect(ids).toContain(`vd:${stillOpen.id}`);
    expect(ids).not.toContain(`vd:${expired.id}`);
    const [gone] = await say(token, { action: `vd:${expired.id}` });
    expect(gone!.text).toMatch(/sudah ditutup/);
    const [detail] = await say(token, { action: `vd:${stillOpen.id}` });
    expect(detail!.text).toContain(stillOpen.position);
    expect(detail!.text).not.toMatch(/sudah ditutup/);
  });
});
