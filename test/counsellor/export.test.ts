/** The CSV export of cases: safe against CSV injection, quoted, ranged, streamed in pages. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { csvCell, csvRow, csvText } from "../../src/counsellor/csv.ts";
import { adminApp, get, seedCase, signedIn } from "./helpers.ts";

const call = adminApp();
const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;

/** Parse RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe("CSV cells", () => {
  it("neutralise anything a spreadsheet could evaluate as a formula", () => {
    for (const evil of ["=1+1", "+62 812 3456", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =HYPERLINK(\"http://evil\")", "\u00a0=1", "＝1+1", "＋1", "－1", "＠A1"]) {
      const cell = csvText(evil);
      expect(cell.startsWith(`"'`), JSON.stringify(evil)).toBe(true);
    }
    for (const fine of ["Kanigoro", "SMK 1", "lulusan S1 (2020)", "3 tahun", "email a@b.c", "Rp2.500.000"]) {
      expect(csvText(fine)).toBe(`"${fine}"`);
    }
  });

  it("quote text, double quotes inside, keep newlines inside the quotes, and write numbers plainly", () => {
    expect(csvText('kata "mutiara"')).toBe('"kata ""mutiara"""');
    expect(csvText("baris 1\nbaris 2")).toBe('"baris 1\nbaris 2"');
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvRow(["a;b", 1, undefined], ";")).toBe('"a;b";1;\r\n');
  });
});

describe("GET /admin/export.csv", () => {
  it("exports the range's cases with seeker input neutralised and topic names, for Indonesian Excel, as an attachment that is never cached", async () => {
    const me = await signedIn({ name: "=Bu Sri" });
    const inRange = Date.UTC(2026, 8, 10, 3); // 10 Sep 2026, 10:00 WIB
    const { caseId } = await seedCase({
      createdAt: inRange,
      status: "closed",
      topic: "cv",
      outcome: "placed",
      assignedTo: me.id,
      rating: 5,
      firstReplyAt: inRange + 7 * 60_000,
      intake: { need: '=HYPERLINK("http://evil.example","klik")', education: "@SUM(1+1)", kecamatan: "+62 812, \"Wlingi\"\nbaris 2" },
      labels: ["-cmd", "disabilitas"],
    });
    await seedCase({ createdAt: Date.UTC(2026, 8, 20, 3) }); // outside the range
    const res = await call("/admin/export.csv?from=2026-09-10&to=2026-09-10", get(me));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="binjol-kasus-2026-09-10-2026-09-10.csv"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads UTF-8
    const text = new TextDecoder().decode(bytes);
    // Semicolons by default: Excel set to Indonesian (decimal comma) splits on them.
    expect(text.split("\r\n")[0]).toMatch(/^"ID kasus";"Dibuat \(WIB\)";"Kanal";"Topik";/);
    const rows = parseCsv(text, ";");
    expect(rows).toHaveLength(2);
    const [header, row] = rows as [string[], string[]];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell("ID kasus")).toBe(String(caseId));
    expect(cell("Dibuat (WIB)")).toBe("2026-09-10 10:00");
    expect(cell("Kebutuhan")).toBe(`'=HYPERLINK("http://evil.example","klik")`);
    expect(cell("Pendidikan")).toBe("'@SUM(1+1)");
    expect(cell("Kecamatan")).toBe(`'+62 812, "Wlingi"\nbaris 2`);
    expect(cell("Label")).toBe("'-cmd, disabilitas");
    expect(cell("Petugas")).toBe("'=Bu Sri");
    expect(cell("Hasil")).toBe("Sudah bekerja");
    expect(cell("Menit sampai balasan pertama")).toBe("7");
    expect(cell("Penilaian (1-5)")).toBe("5");
    // The topic's name, never its id.
    expect(content.topics.cv.title).not.toBe("cv");
    expect(cell("Topik")).toBe(content.topics.cv.title);
    // No cell, once parsed, starts with a formula character.
    for (const r of rows) for (const c of r) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("streams more than one page in id order and offers semicolons for Indonesian Excel", async () => {
    const me = await signedIn();
    const start = Date.UTC(2026, 7, 1, 1);
    await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('web', 'export-bulk', 0, 0)").run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 1200)
       insert into conversations (id, seeker_id, channel, state, created_at, updated_at)
       select 'web:exp' || i, (select id from seekers where external_id = 'export-bulk'), 'web', '{}', ?1, ?1 from n`,
    ).bind(start).run();
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 1200)
       insert into cases (conversation_id, channel, status, topic, intake, created_at, last_seeker_at)
       select 'web:exp' || i, 'web', 'waiting', 'cv', json_object('need', 'butuh ' || i), ?1 + i * 60000, ?1 + i * 60000 from n`,
    ).bind(start).run();
    const text = await (await call("/admin/export.csv?from=2026-08-01&to=2026-08-01&sep=semicolon", get(me))).text();
    const rows = parseCsv(text, ";");
    const data = rows.slice(1);
    // 08:00 WIB + i minutes stays on 1 August until i = 960.
    expect(data).toHaveLength(959);
    const ids = data.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(data[0]![rows[0]!.indexOf("Kebutuhan")]).toBe("butuh 1");
    // Commas on request, for tools that expect them.
    const commas = await (await call("/admin/export.csv?from=2026-08-01&to=2026-08-01&sep=comma", get(me))).text();
    expect(commas.split("\r\n")[0]).toMatch(/^"ID kasus","Dibuat \(WIB\)",/);
    expect(parseCsv(commas).slice(1).map((r) => Number(r[0]))).toEqual(ids);
  });
});
