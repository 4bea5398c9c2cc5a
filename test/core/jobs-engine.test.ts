/** The job flows in the pure engine: expiry by the office's date, without a redeploy, and button sizes. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { respond, type EngineContext } from "../../src/core/engine.ts";
import { parseSchedule } from "../../src/core/schedule.ts";
import type { InboundEvent } from "../../src/core/types.ts";
import type { Listings } from "../../src/listings/types.ts";
import { listingsFromBlobs } from "../helpers/stored-listings.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const blobs = JSON.parse(env.TEST_BLOBS) as Record<string, string>;
const listings = listingsFromBlobs(blobs, content.blobs.listings!);

function ctx(today: string): EngineContext {
  return { waiting: 0, schedule: parseSchedule({}), now: Date.parse(`${today}T03:00:00Z`), today, listings };
}

function day(iso: string, delta: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
}

describe("expiry", () => {
  const v = [...listings.vacancies].sort((a, b) => a.deadline.localeCompare(b.deadline)).find((x) => x.contact.email)!;

  it("shows a vacancy on its deadline day and hides it from the next day on", () => {
    const onDeadline = respond({ type: "action", action: `vd:${v.id}` }, {}, content, ctx(v.deadline));
    expect(onDeadline.replies[0]!.body.kind === "rich" && onDeadline.replies[0]!.body.text).toContain(v.position);
    const after = respond({ type: "action", action: `vd:${v.id}` }, {}, content, ctx(day(v.deadline, 1)));
    expect(after.replies[0]!.body.kind === "rich" && after.replies[0]!.body.text).toMatch(/sudah ditutup/);
    // The list no longer offers it either.
    const list = respond({ type: "action", action: "t:lowongan" }, {}, content, ctx(day(v.deadline, 1)));
    const total = listings.vacancies.filter((x) => x.deadline > v.deadline).length;
    expect(total).toBeLessThan(listings.vacancies.filter((x) => x.deadline >= v.deadline).length);
    expect(list.replies[0]!.body.kind === "rich" && list.replies[0]!.body.text).toContain(`${total} lowongan`);
  });

  it("stops matching a scam text to a listing once it has closed", () => {
    const text = `${v.company} membuka lowongan ${v.position}. Kirim lamaran ke ${v.contact.email ?? "kantor"}. ${v.requirements.join(". ")}`;
    const before = respond({ type: "text", text }, { awaiting: "scam-check" }, content, ctx(v.deadline));
    const after = respond({ type: "text", text }, { awaiting: "scam-check" }, content, ctx(day(v.deadline, 1)));
    expect(before.replies[0]!.scamCheck!.verdict).toBe("verified");
    expect(after.replies[0]!.scamCheck!.verdict).not.toBe("verified");
  });
});

describe("buttons", () => {
  it("keeps every callback action of lists, details, filters and the profile within 64 bytes", () => {
    const today = day(listings.vacancies[0]!.verifiedOn, 0);
    const actions = [
      "t:lowongan", "vf:l", "vf:e", "t:pelatihan", "pf:ok", "pf:a18", "pf:u18", "pf:g:ok", "pf:g:no",
      ...listings.vacancies.slice(0, 5).map((x) => `vd:${x.id}`),
      ...listings.trainings.slice(0, 5).map((x) => `ld:${x.id}`),
    ];
    const events: InboundEvent[] = actions.map((action) => ({ type: "action", action }));
    let n = 0;
    for (const e of events) {
      for (const r of respond(e, {}, content, ctx(today)).replies) {
        for (const b of r.buttons) {
          n++;
          expect(new TextEncoder().encode(b.action).length, b.action).toBeLessThanOrEqual(64);
        }
      }
    }
    expect(n).toBeGreaterThan(40);
  });
});

describe("precise questions about a job topic", () => {
  const today = "2026-03-02";

  it("answers a precise training question with the section that answers it, not the training list", () => {
    const r = respond({ type: "text", text: "syarat ikut kartu prakerja" }, {}, content, ctx(today));
    expect(r.topic).toBe("pelatihan");
    expect(r.replies[0]!.body).toEqual({ kind: "guide", topic: "pelatihan", section: "kartu-prakerja" });
    expect(r.replies[0]!.buttons.map((b) => b.action)).toContain("g:pelatihan");
  });

  it("still opens the flow when the question is about what the flow does (the profile form)", () => {
    const r = respond({ type: "text", text: "mau isi profil" }, {}, content, ctx(today));
    expect(r.topic).toBe("profil");
    expect(r.replies.some((x) => x.body.kind === "guide" && x.body.section !== undefined)).toBe(false);
  });

  it("answers a question about what the flow does with its section, the way into the flow first", () => {
    for (const text of ["kenapa harus setuju dulu sebelum isi profil?", "kok disuruh setuju dulu sebelum isi profil"]) {
      const r = respond({ type: "text", text }, {}, content, ctx(today));
      expect(r.topic, text).toBe("profil");
      expect(r.replies[0]!.body, text).toEqual({ kind: "guide", topic: "profil", section: "persetujuan-dulu" });
      expect(r.replies[0]!.buttons[0]!.action, text).toBe("t:profil");
      expect(r.state.awaiting, text).toBeUndefined();
    }
  });
});
