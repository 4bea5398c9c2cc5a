import { describe, expect, it } from "vitest";
import { hoursText } from "../../src/core/flows/handoff.ts";
import { officeClockFrom } from "../../src/core/clock.ts";
import { formatLocal, isOpen, nextOpening, parseSchedule } from "../../src/core/schedule.ts";

const HOURS = "1-4 08:00-15:30; 5 08:00-14:30";
const wib = parseSchedule({ hours: HOURS, holidays: "2026-12-25", clock: officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" }) });
const wit = parseSchedule({ hours: HOURS, holidays: "2026-03-19", clock: officeClockFrom({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" }) });
/** epoch ms of a WIB local time */
const at = (local: string) => Date.parse(`${local}+07:00`);

describe("office schedule", () => {
  it("is open in office hours (WIB) and closed outside, on weekends and holidays", () => {
    expect(isOpen(wib, at("2026-11-23T08:00:00"))).toBe(true); // Monday
    expect(isOpen(wib, at("2026-11-23T07:59:00"))).toBe(false);
    expect(isOpen(wib, at("2026-11-23T15:30:00"))).toBe(false);
    expect(isOpen(wib, at("2026-11-27T14:00:00"))).toBe(true); // Friday
    expect(isOpen(wib, at("2026-11-27T14:45:00"))).toBe(false);
    expect(isOpen(wib, at("2026-11-28T10:00:00"))).toBe(false); // Saturday
    expect(isOpen(wib, at("2026-12-25T10:00:00"))).toBe(false); // Christmas, a Friday
  });

  it("finds the next opening across the weekend and holidays", () => {
    expect(nextOpening(wib, at("2026-11-27T16:00:00"))).toBe(at("2026-11-30T08:00:00"));
    expect(nextOpening(wib, at("2026-12-24T16:00:00"))).toBe(at("2026-12-28T08:00:00"));
    expect(nextOpening(wib, at("2026-11-23T06:00:00"))).toBe(at("2026-11-23T08:00:00"));
  });

  it("says it in Indonesian", () => {
    expect(formatLocal(wib, at("2026-11-30T08:00:00"))).toBe("Senin, 30 November pukul 08.00 WIB");
    expect(hoursText(wib)).toBe("Senin–Kamis 08.00–15.30, Jumat 08.00–14.30 WIB");
  });

  it("keeps the hours and holidays on the configured office clock (WIT, UTC+09:00)", () => {
    // Tuesday 10 March 2026: 08:00 WIT is 23:00 UTC the evening before, when a WIB office is still closed.
    const opening = Date.parse("2026-03-09T23:00:00Z");
    expect(isOpen(wit, opening - 60_000)).toBe(false);
    expect(isOpen(wit, opening)).toBe(true);
    expect(isOpen(wib, opening)).toBe(false);
    // 16:30 UTC on Tuesday is 01:30 WIT on Wednesday: closed, next opening Wednesday 08:00 WIT.
    expect(isOpen(wit, Date.parse("2026-03-10T16:30:00Z"))).toBe(false);
    expect(nextOpening(wit, Date.parse("2026-03-10T16:30:00Z"))).toBe(Date.parse("2026-03-10T23:00:00Z"));
    expect(formatLocal(wit, Date.parse("2026-03-10T23:00:00Z"))).toBe("Rabu, 11 Maret pukul 08.00 WIT");
    // Friday closes at 14:30 WIT = 05:30 UTC.
    expect(isOpen(wit, Date.parse("2026-03-13T05:29:00Z"))).toBe(true);
    expect(isOpen(wit, Date.parse("2026-03-13T05:30:00Z"))).toBe(false);
    // A holiday is a WIT date: Thursday 19 March is closed from 00:00 WIT (15:00 UTC on the 18th) on.
    expect(isOpen(wit, Date.parse("2026-03-18T15:00:00Z"))).toBe(false);
    expect(nextOpening(wit, Date.parse("2026-03-18T06:30:00Z"))).toBe(Date.parse("2026-03-19T23:00:00Z"));
    expect(hoursText(wit)).toBe("Senin–Kamis 08.00–15.30, Jumat 08.00–14.30 WIT");
  });
});
