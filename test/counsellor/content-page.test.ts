/** The dashboard's "Konten" page: live version and since when, listings closing soon, guides due for review, scam rules. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { forgetListings } from "../../src/content/listings-store.ts";
import { addDays } from "../../src/content/relative-dates.ts";
import { monthsBefore } from "../../src/content/report.ts";
import { forgetContent } from "../../src/content/store.ts";
import { BLOB_PREFIX, CONTENT_KEY, type ContentBundle } from "../../src/content/types.ts";
import { officeClockFrom } from "../../src/core/clock.ts";
import { officeDate } from "../../src/listings/search.ts";
import { listingsFromBlobs, storeListings } from "../helpers/stored-listings.ts";
import { adminApp, get, signedIn, type Login } from "./helpers.ts";

// A pinned instant: 2031-05-20 03:00 UTC = 10.00 WIB. The page's dates all derive from it.
const NOW = Date.UTC(2031, 4, 20, 3);
const TODAY = officeDate(NOW, officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" }));
const call = adminApp({ now: () => NOW });
const testEnv = env as unknown as { CONTENT: KVNamespace; TEST_CONTENT: string; TEST_BLOBS: string };

let me: Login;
let closing: { slug: string; title: string };
let closed: { slug: string };
let staleTopic: string;

beforeAll(async () => {
  const bundle = JSON.parse(testEnv.TEST_CONTENT) as ContentBundle;
  const listings = listingsFromBlobs(JSON.parse(testEnv.TEST_BLOBS) as Record<string, string>, bundle.blobs.listings!);
  // every listing open for months, then one closing in 3 days and one that closed yesterday
  for (const l of [...listings.vacancies, ...listings.trainings]) l.deadline = addDays(TODAY, 60);
  const [a, b] = listings.vacancies;
  a!.deadline = addDays(TODAY, 3);
  b!.deadline = addDays(TODAY, -1);
  closing = { slug: a!.slug, title: a!.position };
  closed = { slug: b!.slug };
  // all guides fresh but one, reviewed seven months ago
  for (const t of Object.values(bundle.topics)) t.reviewed = TODAY;
  staleTopic = "bkk";
  bundle.topics.bkk.reviewed = monthsBefore(TODAY, 7);
  const blobKey = `${BLOB_PREFIX}konten-page-test`;
  bundle.blobs = { ...bundle.blobs, listings: blobKey };
  bundle.version = "konten0000000001";
  const stored = storeListings(listings);
  await testEnv.CONTENT.put(blobKey, stored.index);
  for (const [key, text] of Object.entries(stored.chunks)) await testEnv.CONTENT.put(key, text);
  await testEnv.CONTENT.put(CONTENT_KEY, JSON.stringify(bundle), { metadata: { version: bundle.version, liveAt: "2031-05-19T01:30:00.000Z" } });
  forgetContent(testEnv.CONTENT);
  forgetListings();
  me = await signedIn({ at: NOW });
});

describe("the Konten page", () => {
  it("shows the live version and when it went live, in office time", async () => {
    const res = await call("/admin/konten", get(me));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("konten0000000001");
    expect(html).toMatch(/data-live-at="">19 Mei 2031 08\.30 WIB</);
    expect(html).toMatch(/aria-current="page"[^>]*>\s*Konten/);
  });

  it("lists the listing closing in 3 days, not the one closed yesterday nor those open for months", async () => {
    const html = await (await call("/admin/konten", get(me))).text();
    const table = html.slice(html.indexOf("data-expiring"), html.indexOf("</table>", html.indexOf("data-expiring")));
    expect(table).toContain(`content/lowongan/${closing.slug}.md`);
    expect(table).toContain("3 hari lagi");
    expect(table).not.toContain(`content/lowongan/${closed.slug}.md`);
    expect(table.match(/<tr>/g)?.length).toBe(2); // header + one row
  });

  it("lists only the guide last reviewed more than 6 months ago", async () => {
    const html = await (await call("/admin/konten", get(me))).text();
    const table = html.slice(html.indexOf("data-review-due"), html.indexOf("</table>", html.indexOf("data-review-due")));
    expect(table).toContain(`content/topik/${staleTopic}.md`);
    expect(table.match(/content\/topik\//g)?.length).toBe(1);
  });

  it("lists every scam rule of the live content with its example counts", async () => {
    const bundle = JSON.parse(testEnv.TEST_CONTENT) as ContentBundle;
    const flags = bundle.scam!.flags;
    expect(flags.length).toBeGreaterThan(5);
    const html = await (await call("/admin/konten", get(me))).text();
    for (const f of flags) {
      const row = html.slice(html.indexOf(`data-rule="${f.id}"`), html.indexOf("</tr>", html.indexOf(`data-rule="${f.id}"`)));
      expect(row, f.id).toContain(`<td>${f.examples.hit}</td>`);
      expect(row, f.id).toContain(`<td>${f.examples.safe}</td>`);
    }
    expect(flags.some((f) => f.examples.hit > 0 && f.examples.safe > 0)).toBe(true);
  });

  it("shows nothing to a visitor without a session", async () => {
    const res = await call("/admin/konten", get(undefined));
    const html = await res.text();
    expect(html).not.toContain("konten0000000001");
    expect(html).not.toContain(closing.slug);
  });
});
