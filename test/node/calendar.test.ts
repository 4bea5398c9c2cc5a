/**
 * The pipeline has no date of death: the real content compiles on any day (expired listings are left out with a
 * warning), the content CLI and the test configuration work under a faked system clock, and the tests see the demo
 * listings at the same distance from today whatever today is.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileContent, formatError, officeToday } from "../../src/content/compiler.ts";
import { addDays, contentDate, daysBetween, relativeContent, shiftListingText } from "../../src/content/relative-dates.ts";
import { contentReport, monthsBefore } from "../../src/content/report.ts";

const ROOT = process.cwd();
const REAL = join(ROOT, "content");
const temps: string[] = [];
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real content, unchanged, under `<tmp>/content`. */
function copyReal(): { cwd: string; dir: string } {
  const cwd = mkdtempSync(join(tmpdir(), "binjol-calendar-"));
  temps.push(cwd);
  const dir = join(cwd, "content");
  cpSync(REAL, dir, { recursive: true });
  return { cwd, dir };
}

function setDeadline(dir: string, file: string, date: string): void {
  const path = join(dir, file);
  writeFileSync(path, readFileSync(path, "utf8").replace(/^batas:.*$/m, `batas: ${date}`));
}

describe("the real content on any day", () => {
  for (const today of ["2027-06-01", "2030-01-01"]) {
    it(`compiles with the clock at ${today}: no errors, every expired listing left out with a warning naming its file`, () => {
      const { cwd, dir } = copyReal();
      const result = compileContent(dir, { cwd, today });
      expect(result.errors.map(formatError)).toEqual([]);
      expect(result.bundle).toBeDefined();
      const published = new Set([...result.listings!.vacancies, ...result.listings!.trainings].map((l) => l.slug));
      for (const l of [...result.listings!.vacancies, ...result.listings!.trainings]) expect(l.deadline >= today).toBe(true);
      const expiredWarnings = result.warnings.filter((w) => /'batas' \d{4}-\d{2}-\d{2} has passed/.test(w.message));
      for (const w of expiredWarnings) {
        expect(w.file).toMatch(/^content\/(lowongan|pelatihan)\/[a-z0-9-]+\.md$/);
        expect(published.has(w.file.replace(/^.*\//, "").replace(/\.md$/, ""))).toBe(false);
      }
      // every listing of the real content is either published or named in a warning
      const total = readListingCount(dir);
      expect(published.size + expiredWarnings.length).toBe(total);
    });
  }

  it("with dates kept relative to the clock, the same listings are open in 2027, 2030 and 2041", () => {
    const open = (today: string) => {
      const src = relativeContent(REAL, today);
      temps.push(src.cwd);
      const { listings, errors } = compileContent(src.dir, { cwd: src.cwd, today });
      expect(errors.map(formatError)).toEqual([]);
      return [...listings!.vacancies, ...listings!.trainings].map((l) => [l.slug, daysBetween(today, l.deadline)] as const).sort();
    };
    const at2027 = open("2027-06-01");
    expect(at2027.length).toBeGreaterThanOrEqual(40);
    expect(open("2030-01-01")).toEqual(at2027);
    expect(open("2041-02-28")).toEqual(at2027);
  });
});

function readListingCount(dir: string): number {
  return ["lowongan", "pelatihan"].reduce((n, d) => n + (execFileSync("ls", [join(dir, d)], { encoding: "utf8" }).split("\n").filter((f) => f.endsWith(".md")).length), 0);
}

describe("relative listing dates", () => {
  it("move every front-matter date of a listing, and nothing else", () => {
    const text = "---\nposisi: Kasir\nbatas: 2027-02-05\nmulai: \"2027-01-10\" # kelas pagi\ndiverifikasi_pada: 2026-11-20\n---\nDaftar sebelum 2027-02-05.\n";
    expect(shiftListingText(text, 30)).toBe(
      "---\nposisi: Kasir\nbatas: 2027-03-07\nmulai: \"2027-02-09\" # kelas pagi\ndiverifikasi_pada: 2026-12-20\n---\nDaftar sebelum 2027-02-05.\n",
    );
    expect(shiftListingText(text, 0)).toBe(text);
  });

  it("take the content's own date from the latest verification", () => {
    const { dir } = copyReal();
    const asOf = contentDate(dir)!;
    expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const src = relativeContent(dir, addDays(asOf, 400));
    temps.push(src.cwd);
    expect(src.days).toBe(400);
    expect(contentDate(src.dir)).toBe(addDays(asOf, 400));
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(daysBetween("2027-12-31", "2028-03-01")).toBe(61);
  });
});

describe("what content staff should look at", () => {
  const topics = [
    { id: "cv", title: "CV", reviewed: "2027-01-10" },
    { id: "bkk", title: "BKK", reviewed: "2026-12-10" },
    { id: "kontak", title: "Kontak", reviewed: "2026-12-11" },
  ];
  const vacancy = (slug: string, deadline: string) => ({ slug, deadline, position: "Kasir", company: "Toko" });
  const listings = {
    vacancies: [vacancy("a", "2027-06-10"), vacancy("b", "2027-06-25"), vacancy("c", "2027-06-26"), vacancy("d", "2027-06-11")],
    trainings: [{ slug: "t", deadline: "2027-06-11", program: "Las", provider: "BLK" }],
  } as unknown as Parameters<typeof contentReport>[1];

  it("lists listings closing within 14 days, soonest first, and guides reviewed more than 6 months ago", () => {
    const r = contentReport(topics, listings, "2027-06-11");
    expect(r.expiring.map((x) => [x.file, x.daysLeft])).toEqual([
      ["content/lowongan/d.md", 0],
      ["content/pelatihan/t.md", 0],
      ["content/lowongan/b.md", 14],
    ]);
    expect(r.reviewDue.map((x) => [x.file, x.reviewed, x.dueSince])).toEqual([["content/topik/bkk.md", "2026-12-10", "2027-06-10"]]);
  });

  it("counts calendar months, month ends included", () => {
    expect(monthsBefore("2027-08-31", 6)).toBe("2027-02-28");
    expect(monthsBefore("2028-08-31", 6)).toBe("2028-02-29");
    expect(monthsBefore("2027-03-15", 6)).toBe("2026-09-15");
  });
});

describe("under a faked system clock (libfaketime)", { timeout: 240_000 }, () => {
  const node = process.execPath;
  const run = (stamp: string, args: string[], cwd = ROOT) =>
    spawnSync("faketime", [stamp, node, ...args], { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });

  it("has faketime installed (Debian package 'faketime'; .ci/run installs it)", () => {
    const r = spawnSync("faketime", ["2030-01-01 12:00:00", node, "-e", "console.log(new Date().toISOString())"], { encoding: "utf8" });
    expect(r.error).toBeUndefined();
    expect(r.stdout.trim()).toMatch(/^2030-01-01T/);
  });

  for (const stamp of ["2027-06-01 12:00:00", "2030-01-01 08:00:00"]) {
    it(`at ${stamp}: content:check and content:build succeed and loading vitest.config.ts works`, () => {
      const check = run(stamp, [join(ROOT, "scripts/content.ts"), "check"]);
      expect(check.stderr + check.stdout).toMatch(/content ok:/);
      expect(check.status).toBe(0);
      const { cwd } = copyReal();
      const build = run(stamp, [join(ROOT, "scripts/content.ts"), "build"], cwd);
      expect(build.status, build.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(cwd, "dist/content/bundle.json"), "utf8")).version).toMatch(/^[0-9a-f]{16}$/);
      const load = run(stamp, [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(join(ROOT, "vitest.config.ts"))}); const c = await m.default({ mode: "test", command: "serve" }); console.log("projects:" + c.test.projects.length);`,
      ]);
      expect(load.stderr).not.toMatch(/content has errors/);
      expect(load.stdout).toContain("projects:4");
      expect(load.status).toBe(0);
    });
  }

  it("a vacancy whose 'batas' was yesterday: content:check warns naming the file and exits 0", () => {
    const stamp = "2029-03-15 10:00:00";
    // the rest of the content stays open on that day, so the one warning is ours
    const src = relativeContent(REAL, "2029-03-15");
    temps.push(src.cwd);
    setDeadline(src.dir, "lowongan/kasir-pramuniaga-minimarket-wlingi.md", "2029-03-14");
    const check = run(stamp, [join(ROOT, "scripts/content.ts"), "check"], src.cwd);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr + check.stdout).toMatch(
      /content\/lowongan\/kasir-pramuniaga-minimarket-wlingi\.md( line \d+)?: 'batas' 2029-03-14 has passed; it is not published; delete the file/,
    );
    expect(check.stdout).toMatch(/content ok:/);
  });

  it("content:check lists a listing closing within 14 days", () => {
    const src = relativeContent(REAL, "2029-03-15");
    temps.push(src.cwd);
    setDeadline(src.dir, "lowongan/kasir-pramuniaga-minimarket-wlingi.md", "2029-03-20");
    const check = run("2029-03-15 10:00:00", [join(ROOT, "scripts/content.ts"), "check"], src.cwd);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/Listings closing within 14 days[^]*content\/lowongan\/kasir-pramuniaga-minimarket-wlingi\.md: 'batas' 2029-03-20, 5 days left/);
  });
});

it("the office date comes from the office clock, not the machine's zone", () => {
  // 2026-11-23 20:00 UTC is already the 24th in WIB
  expect(officeToday(Date.UTC(2026, 10, 23, 20))).toBe("2026-11-24");
});
