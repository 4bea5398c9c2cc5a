/** Reading content/kantor.yaml: the office's settings (placeholders for the guides), its area and the UMK table, each problem with file and line. */
import { existsSync, readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isScalar, isSeq } from "yaml";
import type { MinimumWages } from "../listings/types.ts";
import { areaData, type Wilayah } from "./listings-compiler.ts";
import { formatRupiah } from "./listings-checks.ts";
import type { ContentError } from "./compiler.ts";

/** Text settings of kantor.yaml; each is also a placeholder {{kantor.<key>}}. */
export const OFFICE_KEYS = [
  "nama", "nama_singkat", "kabupaten", "alamat", "jam_layanan", "telepon",
  "whatsapp", "email", "website", "instagram",
] as const;

/** Placeholders derived from kantor.yaml `umk`: year, decree, the office's own UMK ("Rp2.567.744") and every area's. */
const UMK_PLACEHOLDERS = ["umk_tahun", "umk_dasar_hukum", "umk_nilai", "umk_daftar"] as const;

/** Every {{kantor.<key>}} a guide or canned reply may use. */
export const PLACEHOLDERS: readonly string[] = [...OFFICE_KEYS, ...UMK_PLACEHOLDERS];


/** kantor.yaml: the office's text settings, `wilayah` (the regency codes it serves) and `umk` (minimum wages). */
export function readOffice(
  path: string,
  rel: (p: string) => string,
  today: string,
  errors: ContentError[],
  warnings: ContentError[],
): { office: Record<string, string>; wilayah?: Wilayah; umk?: MinimumWages } {
  const file = rel(path);
  if (!existsSync(path)) {
    errors.push({ file, line: 1, message: "the office file is missing (name, address, hours and contacts of the office)" });
    return { office: {} };
  }
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, "utf8"), { lineCounter: lines, prettyErrors: false });
  for (const e of doc.errors) errors.push({ file, line: lines.linePos(e.pos[0]).line, message: `YAML error: ${e.message.split("\n")[0]}` });
  const office: Record<string, string> = {};
  let wilayah: Wilayah | undefined;
  let umk: MinimumWages | undefined;
  let umkLines: { tahun: number; wilayah: number } | undefined;
  if (!isMap(doc.contents)) {
    if (doc.errors.length === 0) errors.push({ file, line: 1, message: "expected 'key: value' lines" });
    return { office };
  }
  const lineAt = (node: unknown) => lines.linePos(isScalar(node) ? node.range?.[0] ?? 0 : 0).line;
  for (const item of doc.contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = lineAt(item.key);
    if (key === "wilayah") {
      const codes = isSeq(item.value) ? item.value.items.map((n) => (isScalar(n) ? n.value : n)) : [];
      if (codes.length === 0) {
        errors.push({ file, line, message: `'wilayah' must be a list of kabupaten/kota codes in quotes, like ["35.05", "35.72"]` });
      } else if (codes.some((c) => typeof c !== "string")) {
        errors.push({ file, line, message: `'wilayah' codes must be written in quotes, like ["35.05", "35.72"] (without quotes 35.10 would be read as the number 35.1)` });
      } else wilayah = { codes: codes.map((c) => String(c).trim()), file, line };
      continue;
    }
    if (key === "umk") {
      const read = readUmk(item.value, line, lineAt, (l, message) => errors.push({ file, line: l, message }));
      if (read) ({ umk, lines: umkLines } = read);
      continue;
    }
    if (!(OFFICE_KEYS as readonly string[]).includes(key)) {
      const hint = key === "umk_tahun" || key === "umk_nilai"
        ? "; the UMK is now written per kabupaten/kota under 'umk:' (tahun, dasar_hukum, wilayah), see docs/konten-lowongan.md"
        : ` (known: ${OFFICE_KEYS.join(", ")}, wilayah, umk)`;
      errors.push({ file, line, message: `'${key}' is not a known setting${hint}` });
      continue;
    }
    const value = isScalar(item.value) ? item.value.value : undefined;
    if (value === null || value === undefined || String(value).trim() === "" || typeof value === "object") {
      errors.push({ file, line, message: `'${key}' needs a value` });
      continue;
    }
    office[key] = String(value).trim();
  }
  for (const key of OFFICE_KEYS) {
    if (!(key in office) && !errors.some((e) => e.file === file && e.message.startsWith(`'${key}'`))) {
      errors.push({ file, line: 1, message: `'${key}' is missing` });
    }
  }
  if (!wilayah && !errors.some((e) => e.file === file && e.message.startsWith("'wilayah'"))) {
    errors.push({ file, line: 1, message: `'wilayah' is missing (the kabupaten/kota codes the office serves, like ["35.05", "35.72"])` });
  }
  if (!umkLines && !errors.some((e) => e.file === file && e.message.startsWith("'umk"))) {
    errors.push({ file, line: 1, message: "'umk' is missing (the minimum wage per kabupaten/kota: tahun, dasar_hukum, wilayah); see docs/konten-lowongan.md" });
  }
  if (umk && umkLines) {
    const own = umk.areas[0]!;
    if (office.kabupaten && own.name.toLowerCase() !== office.kabupaten.toLowerCase()) {
      errors.push({ file, line: umkLines.wilayah, message: `'umk.wilayah' starts with "${own.code}" (${own.name}), but the office is in ${office.kabupaten}; put the office's own kabupaten/kota first` });
    }
    const year = today.slice(0, 4);
    if (umk.year < year) {
      warnings.push({ file, line: umkLines.tahun, message: `'umk.tahun' is ${umk.year}, but it is ${year} now: enter the UMK ${year} from the Governor's decree (tahun, dasar_hukum and every amount)` });
    }
    for (const code of wilayah?.codes ?? []) {
      if (!umk.areas.some((a) => a.code === code)) {
        const name = areaData().regencies.get(code) ?? code;
        warnings.push({ file, line: umkLines.wilayah, message: `'umk.wilayah' has no UMK for ${name} ("${code}"), which the office serves; vacancies there cannot be checked against the minimum wage` });
      }
    }
    office.umk_tahun = umk.year;
    office.umk_dasar_hukum = umk.legalBasis;
    office.umk_nilai = formatRupiah(own.monthly);
    office.umk_daftar = umk.areas.map((a) => `${a.name} ${formatRupiah(a.monthly)}`).join(", ");
  }
  return { office, ...(wilayah ? { wilayah } : {}), ...(umk ? { umk } : {}) };
}

export const UMK_KEYS = ["tahun", "dasar_hukum", "wilayah"] as const;

/** kantor.yaml `umk`: year, legal basis and the monthly UMK per regency code, every problem with its line. */
export function readUmk(
  node: unknown,
  line: number,
  lineAt: (node: unknown) => number,
  fail: (line: number, message: string) => void,
): { umk?: MinimumWages; lines: { tahun: number; wilayah: number } } | undefined {
  if (!isMap(node)) {
    fail(line, `'umk' must hold indented lines: tahun, dasar_hukum and wilayah (see docs/konten-lowongan.md)`);
    return undefined;
  }
  let ok = true;
  const bad = (l: number, message: string) => {
    ok = false;
    fail(l, message);
  };
  const lines = { tahun: line, wilayah: line };
  let year: string | undefined;
  let legalBasis: string | undefined;
  const areas: MinimumWages["areas"] = [];
  const seen = new Set<string>();
  for (const item of node.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const at = lineAt(item.key);
    if (!(UMK_KEYS as readonly string[]).includes(key)) {
      bad(at, `'umk.${key}' is not a known setting (known: ${UMK_KEYS.join(", ")})`);
      continue;
    }
    seen.add(key);
    const value = isScalar(item.value) ? item.value.value : undefined;
    if (key === "tahun") {
      lines.tahun = at;
      if ((typeof value !== "string" && typeof value !== "number") || !/^20\d\d$/.test(String(value).trim())) {
        bad(at, `'umk.tahun' must be the year the UMK applies to, like "2026" (got '${String(value ?? "")}')`);
      } else year = String(value).trim();
    } else if (key === "dasar_hukum") {
      if (typeof value !== "string" || value.trim() === "") {
        bad(at, "'umk.dasar_hukum' needs the decree that sets the UMK, like \"Keputusan Gubernur Jawa Timur Nomor ...\"");
      } else legalBasis = value.trim().replace(/\s+/g, " ");
    } else {
      lines.wilayah = at;
      if (!isMap(item.value) || item.value.items.length === 0) {
        bad(at, `'umk.wilayah' must hold one indented line per kabupaten/kota: its code in quotes and the monthly UMK in rupiah, like "35.05": 2567744`);
        continue;
      }
      const { regencies } = areaData();
      for (const entry of item.value.items) {
        const code = isScalar(entry.key) ? entry.key.value : undefined;
        const l = lineAt(entry.key);
        const amount = isScalar(entry.value) ? entry.value.value : undefined;
        if (typeof code !== "string") {
          bad(l, `'umk.wilayah' codes must be written in quotes, like "35.05": 2567744 (without quotes 35.10 would be read as the number 35.1)`);
          continue;
        }
        const name = regencies.get(code.trim());
        if (!name) {
          bad(l, `'umk.wilayah' names '${code}', which is not a kabupaten/kota code in idn-area-data (e.g. "35.05" is Kabupaten Blitar)`);
          continue;
        }
        if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount < 100_000) {
          bad(l, `'umk.wilayah' "${code}" (${name}) must be the monthly UMK in rupiah, a whole number without dots or 'Rp', like 2567744 (got '${String(amount ?? "")}')`);
          continue;
        }
        areas.push({ code: code.trim(), name, monthly: amount });
      }
    }
  }
  for (const key of UMK_KEYS) if (!seen.has(key)) bad(line, `'umk.${key}' is missing`);
  if (!ok || !year || !legalBasis || areas.length === 0) return { lines };
  return { umk: { year, legalBasis, areas }, lines };
}
