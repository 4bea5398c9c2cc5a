/**
 * Listing dates relative to a clock, for tests and the local demo: a copy of content/ in which every date of a
 * listing's front-matter keeps the distance to `today` that it had on the content's own date (the latest
 * `diverifikasi_pada` of any listing). On the day the listings were verified nothing moves; a year later a
 * vacancy that had 60 days left still has 60 days left. Deploys never use this: production shows the real dates
 * and the Worker hides listings past their deadline. Node only, build time.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LISTING_DIRS = ["lowongan", "pelatihan"] as const;
/** A front-matter line whose value is one ISO date, quoted or not, with an optional comment. */
const DATE_LINE = /^(\s*[A-Za-z_]+:\s*["']?)(\d{4}-\d{2}-\d{2})(["']?\s*(?:#.*)?)$/;
const VERIFIED_ON = /^\s*diverifikasi_pada:\s*["']?(\d{4}-\d{2}-\d{2})/;
const DAY_MS = 86_400_000;

/** `iso` (YYYY-MM-DD) plus `days` days. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function listingFiles(root: string): string[] {
  return LISTING_DIRS.flatMap((d) => {
    const dir = join(root, d);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".md")).map((f) => join(dir, f)) : [];
  });
}

/** Lines 1..n-1 of the front-matter block (between the first two `---` lines), or [] when there is none. */
function frontMatterRange(lines: string[]): [number, number] {
  if (lines[0]?.trim() !== "---") return [0, 0];
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  return end > 0 ? [1, end] : [0, 0];
}

/** The content's own date: the latest `diverifikasi_pada` of any listing, or undefined without listings. */
export function contentDate(root: string): string | undefined {
  let latest: string | undefined;
  for (const file of listingFiles(root)) {
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    const [from, to] = frontMatterRange(lines);
    for (let i = from; i < to; i++) {
      const m = VERIFIED_ON.exec(lines[i]!);
      if (m && (!latest || m[1]! > latest)) latest = m[1]!;
    }
  }
  return latest;
}

/** Shift every front-matter date of one listing file's text by `days`. */
export function shiftListingText(text: string, days: number): string {
  const lines = text.split("\n");
  const [from, to] = frontMatterRange(lines.map((l) => l.replace(/\r$/, "")));
  for (let i = from; i < to; i++) {
    const m = DATE_LINE.exec(lines[i]!.replace(/\r$/, ""));
    if (m) lines[i] = `${m[1]}${addDays(m[2]!, days)}${m[3]}${lines[i]!.endsWith("\r") ? "\r" : ""}`;
  }
  return lines.join("\n");
}

/**
 * Copy `root` to a temporary `<tmp>/content` and move its listing dates so they sit relative to `today` as they
 * sat relative to the content's own date. Returns the copy, its parent (use it as the compiler's cwd so errors still
 * read "content/lowongan/x.md") and the shift in days.
 */
export function relativeContent(root: string, today: string): { dir: string; cwd: string; days: number; asOf?: string } {
  const cwd = mkdtempSync(join(tmpdir(), "binjol-content-"));
  const dir = join(cwd, "content");
  cpSync(root, dir, { recursive: true });
  const asOf = contentDate(dir);
  const days = asOf ? daysBetween(asOf, today) : 0;
  if (days !== 0) {
    for (const file of listingFiles(dir)) writeFileSync(file, shiftListingText(readFileSync(file, "utf8"), days));
  }
  return { dir, cwd, days, ...(asOf ? { asOf } : {}) };
}
