/** The office clock from configuration: WIB, WITA and WIT, day boundaries, formatting, and clear errors. */
import { describe, expect, it, vi } from "vitest";
import { ClockConfigError, DAY_MS, dayIso, officeClockFrom } from "../../src/core/clock.ts";
import { clockFrom } from "../../src/env.ts";

/** 2026-03-10T16:30Z: 23:30 WIB on the 10th, 00:30 WITA and 01:30 WIT on the 11th. */
const AT = Date.parse("2026-03-10T16:30:00Z");

describe("office clock configuration", () => {
  it("is WIB when nothing is configured", () => {
    for (const vars of [{}, { OFFICE_UTC_OFFSET: "", OFFICE_ZONE: " " }]) {
      const c = officeClockFrom(vars);
      expect([c.zone, c.offset, c.offsetMinutes]).toEqual(["WIB", "+07:00", 420]);
    }
  });

  it("reads the three Indonesian zones, and fills in the zone or the offset the other one implies", () => {
    const pairs: Array<[Record<string, string>, string, string]> = [
      [{ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" }, "WIB", "+07:00"],
      [{ OFFICE_UTC_OFFSET: "+08:00", OFFICE_ZONE: "WITA" }, "WITA", "+08:00"],
      [{ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" }, "WIT", "+09:00"],
      [{ OFFICE_UTC_OFFSET: "+08:00" }, "WITA", "+08:00"],
      [{ OFFICE_ZONE: "WIT" }, "WIT", "+09:00"],
      [{ OFFICE_ZONE: "wita" }, "WITA", "+08:00"],
      [{ OFFICE_UTC_OFFSET: " +09:00 " }, "WIT", "+09:00"],
      [{ OFFICE_UTC_OFFSET: "+05:30" }, "UTC+05:30", "+05:30"],
      [{ OFFICE_UTC_OFFSET: "-03:00", OFFICE_ZONE: "BRT" }, "BRT", "-03:00"],
    ];
    for (const [vars, zone, offset] of pairs) {
      const c = officeClockFrom(vars);
      expect([c.zone, c.offset], JSON.stringify(vars)).toEqual([zone, offset]);
    }
  });

  it("rejects a bad offset, an unknown zone without an offset and a zone that contradicts the offset, naming the setting", () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ OFFICE_UTC_OFFSET: "+7" }, /OFFICE_UTC_OFFSET "\+7" is not a UTC offset/],
      [{ OFFICE_UTC_OFFSET: "07:00" }, /OFFICE_UTC_OFFSET/],
      [{ OFFICE_UTC_OFFSET: "+07:75" }, /OFFICE_UTC_OFFSET/],
      [{ OFFICE_UTC_OFFSET: "+15:00" }, /OFFICE_UTC_OFFSET/],
      [{ OFFICE_UTC_OFFSET: "Asia/Jakarta" }, /OFFICE_UTC_OFFSET/],
      [{ OFFICE_ZONE: "JST" }, /OFFICE_ZONE "JST" is not WIB, WITA or WIT: set OFFICE_UTC_OFFSET too/],
      [{ OFFICE_ZONE: "toString" }, /OFFICE_ZONE "toString" is not WIB, WITA or WIT/],
      [{ OFFICE_ZONE: "<b>WIB</b>" }, /OFFICE_ZONE/],
      [{ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIT" }, /OFFICE_ZONE WIT is UTC\+09:00, but OFFICE_UTC_OFFSET is "\+07:00"/],
    ];
    for (const [vars, message] of bad) {
      expect(() => officeClockFrom(vars), JSON.stringify(vars)).toThrow(ClockConfigError);
      expect(() => officeClockFrom(vars), JSON.stringify(vars)).toThrow(message);
    }
  });
});

describe("office clock arithmetic", () => {
  const wib = officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" });
  const wita = officeClockFrom({ OFFICE_UTC_OFFSET: "+08:00", OFFICE_ZONE: "WITA" });
  const wit = officeClockFrom({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" });

  it("puts one instant on the office's own date and time", () => {
    expect([wib.date(AT), wita.date(AT), wit.date(AT)]).toEqual(["2026-03-10", "2026-03-11", "2026-03-11"]);
    expect([wib.time(AT), wita.time(AT), wit.time(AT)]).toEqual(["23.30", "00.30", "01.30"]);
    expect(wit.dateTime(AT)).toBe("2026-03-11 01:30");
    expect(wit.local(AT)).toMatchObject({ year: 2026, month: 3, day: 11, hours: 1, minutes: 30, weekday: 3, isoWeekday: 3, minuteOfDay: 90 });
  });

  it("starts and ends office days at the office's midnight", () => {
    const day = wit.day(AT);
    expect(dayIso(day)).toBe("2026-03-11");
    expect(dayIso(wib.day(AT))).toBe("2026-03-10");
    expect(wit.dayStart(day)).toBe(Date.parse("2026-03-10T15:00:00Z"));
    expect(wit.day(wit.dayStart(day) - 1)).toBe(day - 1);
    expect(wit.day(wit.dayStart(day) + DAY_MS - 1)).toBe(day);
    expect(wit.parseDate("2026-03-11")).toBe(Date.parse("2026-03-11T00:00:00+09:00"));
    expect(wib.parseDate("2026-03-11")).toBe(Date.parse("2026-03-11T00:00:00+07:00"));
    for (const bad of [undefined, "", "2026-02-30", "11-03-2026", "2026-3-1"]) expect(wit.parseDate(bad)).toBeUndefined();
  });

  it("works west of Greenwich too", () => {
    const west = officeClockFrom({ OFFICE_UTC_OFFSET: "-03:30", OFFICE_ZONE: "NST" });
    expect(west.date(Date.parse("2026-03-11T02:00:00Z"))).toBe("2026-03-10");
    expect(west.dayStart(west.day(Date.parse("2026-03-11T02:00:00Z")))).toBe(Date.parse("2026-03-10T03:30:00Z"));
  });
});

describe("the Worker's office clock", () => {
  it("builds the configured clock once per isolate and configuration", () => {
    const wit = clockFrom({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" });
    expect(wit.zone).toBe("WIT");
    expect(clockFrom({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" })).toBe(wit);
    expect(clockFrom({}).zone).toBe("WIB");
  });

  it("logs a bad configuration once and keeps answering on WIB", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const bad = { OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WITA" };
      expect(clockFrom(bad).zone).toBe("WIB");
      expect(clockFrom(bad).offset).toBe("+07:00");
      expect(error).toHaveBeenCalledTimes(1);
      const line = JSON.parse(String(error.mock.calls[0]![0])) as { level: string; event: string; reason: string };
      expect(line).toMatchObject({ level: "error", event: "office clock configuration invalid; using WIB" });
      expect(line.reason).toContain("OFFICE_ZONE WITA is UTC+08:00");
    } finally {
      error.mockRestore();
    }
  });
});

describe("the build's office clock", () => {
  it("comes from wrangler.toml's [vars], like the Worker's", async () => {
    const { wranglerVars } = await import("../../src/content/office-clock.ts");
    const vars = wranglerVars('name = "x"\n[vars]\nOFFICE_UTC_OFFSET = "+09:00"\nOFFICE_ZONE = "WIT" # Papua\n[[d1_databases]]\nOFFICE_ZONE = "no"\n');
    expect(vars).toEqual({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" });
    const { officeToday } = await import("../../src/content/compiler.ts");
    const { officeClockFrom } = await import("../../src/core/clock.ts");
    // 2026-03-10 16:30 UTC is already the 11th in WIT, still the 10th in WIB
    expect(officeToday(Date.UTC(2026, 2, 10, 16, 30), officeClockFrom(vars))).toBe("2026-03-11");
    expect(officeToday(Date.UTC(2026, 2, 10, 16, 30), officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" }))).toBe("2026-03-10");
  });
});
