/** The SVG charts: whole-number axes, escaped labels, standalone markup without CSS or script. */
import { describe, expect, it } from "vitest";
import { axisTicks, HorizontalBars, StackedBars } from "../../src/counsellor/charts.tsx";

describe("charts", () => {
  it("use whole-number ticks with at most five steps", () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(2)).toEqual([0, 1, 2]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
    for (const max of [1, 3, 9, 11, 99, 101, 5000, 123456]) {
      const t = axisTicks(max);
      expect(t.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(t.length).toBeLessThanOrEqual(6);
      expect(t.every(Number.isInteger)).toBe(true);
    }
  });

  it("render standalone SVG with escaped labels and presentation attributes only", async () => {
    const stacked = String(await StackedBars({ title: "Percakapan <per> hari", labels: ["1 Jul", "2 Jul"], series: [{ label: "Web & <b>", color: "#e08a1e", values: [3, 0] }] })!.toString());
    expect(stacked.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(stacked).toContain("<title>Percakapan &lt;per&gt; hari</title>");
    expect(stacked).not.toMatch(/<b>|style=|<script/);
    const bars = String(await HorizontalBars({ title: "Topik", items: [{ label: "<img src=x>", value: 5 }] })!.toString());
    expect(bars).toContain("&lt;img src=x&gt;");
    expect(bars).not.toContain("<img");
  });
});
