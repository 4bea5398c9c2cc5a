import { describe, expect, it } from "vitest";
import { hoursText } from "../../src/core/flows/handoff.ts";
import { formatLocal, isOpen, nextOpening, parseSchedule } from "../../src/core/schedule.ts";

const wib = parseSchedule({ hours: "1-4 08:00-15:30; 5 08:00-14:30", holidays: "2026-12-25", utcOffset: "+07:00" });
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
});
