/**
 * Official places for listings (idn-area-data): the office's kabupaten/kota from kantor.yaml `wilayah`, and a
 * listing's kecamatan + kabupaten checked against the official list, with a "did you mean" on a typo. Build time only.
 */
import { closest } from "../text/edit-distance.ts";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Place } from "../listings/types.ts";
import type { ContentError } from "./compiler.ts";
import type { Fail, Field } from "./listings-fields.ts";

/** The office's area from kantor.yaml `wilayah`: regency codes and where they were written. */
export interface Wilayah {
  codes: string[];
  file: string;
  line: number;
}

interface Area {
  /** regency code → official name, title case ("Kabupaten Blitar") */
  regencies: Map<string, string>;
  /** normalised regency name → code */
  regencyCodes: Map<string, string>;
  /** regency code → its kecamatan */
  districts: Map<string, Place[]>;
  /** normalised kecamatan name → places with that name anywhere */
  byDistrictName: Map<string, Place[]>;
}

let area: Area | undefined;

const norm = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
const titleCase = (s: string) => (/[a-z]/.test(s) ? s : s.toLowerCase().replace(/(^|[\s(-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()));

/** Kemendagri regencies and districts from the idn-area-data package, read once per process. */
export function areaData(): Area {
  if (area) return area;
  const dir = join(dirname(createRequire(import.meta.url).resolve("idn-area-data/package.json")), "data");
  const regencies = new Map<string, string>();
  const regencyCodes = new Map<string, string>();
  for (const [code, , name] of readCsv(join(dir, "regencies.csv"))) {
    const official = titleCase(name!);
    regencies.set(code!, official);
    regencyCodes.set(norm(official), code!);
  }
  const districts = new Map<string, Place[]>();
  const byDistrictName = new Map<string, Place[]>();
  for (const [code, regency, name] of readCsv(join(dir, "districts.csv"))) {
    const place: Place = { code: code!, kecamatan: titleCase(name!), kabupaten: regencies.get(regency!) ?? regency! };
    districts.set(regency!, [...(districts.get(regency!) ?? []), place]);
    const key = norm(place.kecamatan);
    byDistrictName.set(key, [...(byDistrictName.get(key) ?? []), place]);
  }
  area = { regencies, regencyCodes, districts, byDistrictName };
  return area;
}

/** Rows of a CSV file without its header; handles quoted fields with "" escapes. */
function readCsv(path: string): string[][] {
  const rows: string[][] = [];
  for (const line of readFileSync(path, "utf8").split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        cells.push(cell);
        cell = "";
      } else cell += c;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/** Every kecamatan of the office's regencies, sorted by kabupaten then kecamatan. */
export function areaPlaces(wilayah: Wilayah, errors: ContentError[]): Place[] {
  const { regencies, districts } = areaData();
  const places: Place[] = [];
  for (const code of wilayah.codes) {
    if (!regencies.has(code)) {
      errors.push({ file: wilayah.file, line: wilayah.line, message: `'wilayah' names '${code}', which is not a kabupaten/kota code in idn-area-data (e.g. "35.05" is Kabupaten Blitar)` });
      continue;
    }
    places.push(...(districts.get(code) ?? []));
  }
  return places.sort((a, b) => a.kabupaten.localeCompare(b.kabupaten) || a.kecamatan.localeCompare(b.kecamatan));
}

/** kecamatan + kabupaten → an official Place, or an error with a suggestion. */
export function readPlace(fields: Map<string, Field>, fail: Fail): Place | undefined {
  const kec = fields.get("kecamatan");
  const kab = fields.get("kabupaten");
  let bad = false;
  for (const [key, f] of [["kecamatan", kec], ["kabupaten", kab]] as const) {
    if (!f || f.value === null || f.value === undefined || String(f.value).trim() === "") {
      fail(f?.line ?? 1, f ? `'${key}' is empty` : `'${key}' is missing`);
      bad = true;
    } else if (typeof f.value !== "string") {
      fail(f.line, `'${key}' must be a place name`);
      bad = true;
    }
  }
  if (bad) return undefined;
  const { regencies, regencyCodes, districts, byDistrictName } = areaData();
  const kabName = kab!.value as string;
  const kecName = kec!.value as string;
  const code = regencyCodes.get(norm(kabName));
  if (!code) {
    const both = ["Kabupaten", "Kota"].map((p) => `${p} ${kabName.trim()}`).filter((n) => regencyCodes.has(norm(n)));
    const hint = both.length > 0
      ? `write ${both.map((n) => `'${n}'`).join(" or ")}`
      : suggestion(kabName, [...regencies.values()]) ?? "write the official name, like 'Kabupaten Blitar' or 'Kota Blitar'";
    fail(kab!.line, `'kabupaten' '${kabName}' is not an official kabupaten/kota name; ${hint}`);
    return undefined;
  }
  const kabupaten = regencies.get(code)!;
  const inRegency = districts.get(code) ?? [];
  const found = inRegency.find((p) => norm(p.kecamatan) === norm(kecName));
  if (found) return found;
  const elsewhere = (byDistrictName.get(norm(kecName)) ?? []).map((p) => p.kabupaten);
  if (elsewhere.length > 0) {
    fail(kec!.line, `'kecamatan' ${kecName} is not in ${kabupaten} but in ${elsewhere.join(", ")}; correct 'kabupaten' or 'kecamatan'`);
    return undefined;
  }
  const hint = suggestion(kecName, inRegency.map((p) => p.kecamatan)) ?? `kecamatan there: ${inRegency.map((p) => p.kecamatan).join(", ")}`;
  fail(kec!.line, `'kecamatan' ${kecName} is not a kecamatan of ${kabupaten}; ${hint}`);
  return undefined;
}

/** "did you mean 'X'?" for the closest name, when it is close enough to be a typo. */
function suggestion(input: string, names: string[]): string | undefined {
  const key = (s: string) => norm(s).replace(/[\s'-]/g, "");
  const best = closest(input, names, Math.max(2, Math.floor(key(input).length / 3)), key);
  return best === undefined ? undefined : `did you mean '${best}'?`;
}

// ---------------------------------------------------------------------------------------------
// Description
