/**
 * Routing benchmark, run by node (`npm run bench:routing`; also embedded by `npm run bench`):
 *  - routing time per message on the real compiled guides and on a synthetic index of 2,000 items
 *    (the guides plus generated vacancies and trainings), warm, after the per-isolate preparation;
 *  - the first message on a fresh index (that preparation included);
 *  - compile time of content/ and of 2,000 items (Markdown rendering as the compiler does it, plus the index);
 *  - the index size inside the KV content bundle, and the share of it the section index and the examples take;
 *  - accuracy lines (topic, `unknown` precision, section accuracy) for the dev file and the tuning half of the
 *    evaluation set; the locked half only with `--locked`, as numbers (eval/README.md).
 * Prints a Markdown table. Options: --locked.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import MarkdownIt from "markdown-it";
import { parse } from "yaml";
import { compileContent } from "../src/content/compiler.ts";
import { buildIndex, type IndexSource } from "../src/content/index-builder.ts";
import { route, type RouterIndex } from "../src/core/router.ts";
import { evalFiles, evaluate, lockedFiles, parseCases, tuneFiles, unknownPrecision } from "./eval-routing.ts";
import type { TopicId } from "../src/core/topics.ts";
import { sectionSlug } from "../src/core/body.ts";
import { mulberry32 } from "../src/text/mulberry32.ts";

const ITEMS = 2000;
const ROUNDS = Number(process.env.BENCH_ROUTING_ROUNDS ?? 30);

const rand = mulberry32(20261123);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const some = <T>(xs: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(xs));

const POSITIONS = [
  "operator produksi", "admin gudang", "staf administrasi", "kasir", "pramuniaga", "sopir", "kurir", "satpam",
  "teknisi listrik", "mekanik motor", "juru masak", "barista", "penjahit", "tukang las", "staf akuntansi",
  "customer service", "sales lapangan", "marketing online", "desainer grafis", "guru les", "perawat", "apoteker",
  "helper", "quality control", "operator forklift", "staf gudang", "petugas kebersihan", "teknisi komputer",
  "admin media sosial", "staf personalia", "pengemudi ekspedisi", "operator mesin jahit", "tenaga pertanian",
  "peternak", "buruh bangunan", "mandor", "resepsionis", "pelayan restoran", "staf toko bangunan", "sekretaris",
];
const PLACES = [
  "Kanigoro", "Sutojayan", "Wlingi", "Srengat", "Kademangan", "Talun", "Garum", "Nglegok", "Sanankulon", "Ponggok",
  "Wonodadi", "Udanawu", "Kesamben", "Selorejo", "Doko", "Wates", "Binangun", "Panggungrejo", "Wonotirto", "Bakung",
  "Selopuro", "Gandusari",
];
const EDUCATION = ["SD", "SMP", "SMA", "SMK", "D3", "S1", "semua jurusan", "SMK otomotif", "SMK tata busana", "SMK akuntansi"];
const SKILLS = [
  "Microsoft Excel", "mengemudi", "SIM A", "SIM C", "menjahit", "mengelas", "memasak", "berkomunikasi", "bahasa Inggris",
  "desain", "akuntansi", "komputer", "pemasaran", "kerja tim", "teliti", "jujur", "disiplin", "sabar", "ramah",
];
const TRAININGS = [
  "menjahit", "las listrik", "otomotif sepeda motor", "barista", "tata boga", "tata rias", "komputer perkantoran",
  "desain grafis", "bahasa Jepang", "bahasa Korea", "listrik instalasi", "pendingin AC", "pertukangan kayu",
  "pemasaran digital", "pengolahan hasil pertanian",
];
const SYLLABLES = ["ba", "ka", "ma", "sa", "ra", "ti", "ni", "lu", "go", "de", "pe", "wi", "ja", "su", "to", "ngi", "ran", "tan", "mo", "ha"];
/** Company names and rarer description words: real vacancies bring vocabulary of their own. */
const FILLER = Array.from({ length: 3000 }, () => some(SYLLABLES, 2 + Math.floor(rand() * 3)).join(""));

function vacancy(i: number): IndexSource & { markdown: string } {
  const position = pick(POSITIONS);
  const company = `PT ${pick(FILLER)} ${pick(FILLER)}`.replace(/\b\w/g, (c) => c.toUpperCase());
  const place = pick(PLACES);
  const education = pick(EDUCATION);
  const skills = [...new Set(some(SKILLS, 3))];
  const title = `Lowongan ${position} di ${company}, ${place}`;
  const markdown = [
    `${company} membuka lowongan **${position}** untuk penempatan di ${place}. Nomor lowongan ${i}.`,
    "",
    "## Syarat",
    "",
    `- Pendidikan minimal ${education}.`,
    `- Usia 18 sampai ${25 + Math.floor(rand() * 15)} tahun.`,
    ...skills.map((s) => `- Mampu ${s}.`),
    "",
    "## Cara melamar",
    "",
    `Kirim CV dan surat lamaran lewat Karirhub sebelum tanggal ${1 + Math.floor(rand() * 28)}. ${some(FILLER, 25).join(" ")}.`,
  ].join("\n");
  return {
    topic: "lowongan",
    title,
    keywords: [position, `lowongan ${position}`, place, education, ...skills],
    headings: ["Syarat", "Cara melamar"],
    body: markdown,
    markdown,
  };
}

function training(i: number): IndexSource & { markdown: string } {
  const name = pick(TRAININGS);
  const place = pick(PLACES);
  const markdown = [
    `Pelatihan **${name}** gelombang ${1 + (i % 4)} di UPT BLK, peserta dari ${place} dan sekitarnya.`,
    "",
    "## Jadwal dan syarat",
    "",
    `- ${14 + Math.floor(rand() * 30)} hari pelatihan, gratis, kuota ${16 + Math.floor(rand() * 16)} orang.`,
    "- Membawa KTP, ijazah terakhir, dan kartu AK/1.",
    "",
    some(FILLER, 20).join(" "),
  ].join("\n");
  return {
    topic: "pelatihan",
    title: `Pelatihan ${name} gelombang ${1 + (i % 4)}`,
    keywords: [`pelatihan ${name}`, name, `kursus ${name}`],
    headings: ["Jadwal dan syarat"],
    body: markdown,
    markdown,
  };
}

/** Messages to route: the dev evaluation questions when present, plus a few long and mistyped ones. */
function messages(): string[] {
  const files = evalFiles();
  const lines = [files.dev, files.tune].filter((f) => existsSync(f)).flatMap((f) => parseCases(readFileSync(f, "utf8")).map((c) => c.question));
  return [
    ...lines,
    "halo min, saya lulusan smk otomotif. ada lowongan mekanik di wlingi? kalau ga ada, pelatihan las kapan dibuka?",
    "pelatiahn komputer gratis di blk kapan pendaftaranya",
    "disuruh bayar seragam dulu sama hrd nya, aman ga ya kak",
    "resep nasi goreng yang enak",
  ];
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Per-message routing times in ms: the first call on a fresh index, then warm mean, p50 and p99. */
function routingTimes(index: RouterIndex, texts: string[]): { first: number; mean: number; p50: number; p99: number } {
  const fresh = structuredClone(index); // a new object: its per-isolate preparation is not cached yet
  const first = time(() => route(fresh, texts[0]!));
  for (const t of texts) route(index, t); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) for (const t of texts) samples.push(time(() => route(index, t)));
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { first, mean, p50: samples[Math.floor(samples.length * 0.5)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

const size = (index: RouterIndex) => {
  const json = JSON.stringify(index);
  return { bytes: Buffer.byteLength(json), gz: gzipSync(json).length };
};
const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(1)} ms`);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const part = (x: unknown) => (x === undefined ? 0 : Buffer.byteLength(JSON.stringify(x)));

function main(): void {
  let bundle: ReturnType<typeof compileContent>["bundle"];
  const compileGuides = time(() => {
    bundle = compileContent(join(process.cwd(), "content")).bundle;
  });
  if (!bundle) throw new Error("content has errors: run npm run content:check");
  const guides = bundle.index;
  const texts = messages();

  // 2,000 items: the guides (read from their Markdown) plus generated vacancies and trainings.
  const guideSources = readGuideSources(join(process.cwd(), "content", "topik"));
  const generated: Array<IndexSource & { markdown: string }> = [];
  for (let i = 0; guideSources.length + generated.length < ITEMS; i++) generated.push(i % 5 === 4 ? training(i) : vacancy(i));
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  let large: RouterIndex | undefined;
  const compileItems = time(() => {
    for (const item of generated) md.render(item.markdown);
    large = buildIndex([...guideSources, ...generated]);
  });
  const merged = large!;

  const small = routingTimes(guides, texts);
  const big = routingTimes(merged, texts);
  // Worst case: a Telegram-sized message (4,000 characters) of words no index knows.
  const gibberish = Array.from({ length: 600 }, () => some(SYLLABLES, 3 + Math.floor(rand() * 2)).join("") + "x").join(" ").slice(0, 4000);
  const worstSmall = routingTimes(guides, [gibberish]);
  const worstBig = routingTimes(merged, [gibberish]);
  const s = size(guides);
  const l = size(merged);

  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}; ${texts.length} messages × ${ROUNDS} rounds.`,
    "",
    "| what | guides only | 2,000 items | budget |",
    "| --- | --- | --- | --- |",
    `| items in the index | ${guides.docs.length} | ${merged.docs.length} | |`,
    `| guide sections in the index / contoh: examples | ${guides.sections?.list.length ?? 0} / ${guides.examples?.length ?? 0} | ${merged.sections?.list.length ?? 0} / ${merged.examples?.length ?? 0} | |`,
    `| routing per message, warm: mean | ${ms(small.mean)} | ${ms(big.mean)} | < 1 ms / < 5 ms |`,
    `| routing per message, warm: p50 | ${ms(small.p50)} | ${ms(big.p50)} | |`,
    `| routing per message, warm: p99 | ${ms(small.p99)} | ${ms(big.p99)} | |`,
    `| worst case: 4,000 characters of unknown words, warm mean | ${ms(worstSmall.mean)} | ${ms(worstBig.mean)} | |`,
    `| first message on a fresh index (per-isolate preparation included) | ${ms(small.first)} | ${ms(big.first)} | |`,
    `| compile (guides: whole content/ compiler; items: Markdown rendering + index build) | ${ms(compileGuides)} | ${ms(compileItems)} | |`,
    `| index size in the KV bundle (gzipped) | ${kib(s.bytes)} (${kib(s.gz)}) | ${kib(l.bytes)} (${kib(l.gz)}) | KV value < 25 MiB |`,
    `| of which the section index / the examples | ${kib(part(guides.sections))} / ${kib(part(guides.examples))} | ${kib(part(merged.sections))} / ${kib(part(merged.examples))} | |`,
  ];
  // Accuracy through the engine, as `npm run eval:routing` computes it; the locked half only when asked for.
  // Every tuning half (v1, v2, v3, ...) by its file name; the locked halves only when asked for, as numbers.
  const files = evalFiles();
  const named = (file: string): [string, string] => [basename(file, ".tsv"), file];
  const halves: Array<[string, string]> = [["dev", files.dev], ...tuneFiles().map(named)];
  if (process.argv.includes("--locked")) halves.push(...lockedFiles().map(named));
  lines.push("", "| evaluation | accuracy | unknown precision | section accuracy |", "| --- | --- | --- | --- |");
  for (const [name, file] of halves) {
    if (!existsSync(file)) continue;
    const report = evaluate(bundle, parseCases(readFileSync(file, "utf8")));
    const unknown = unknownPrecision(report);
    const frac = (a: number, b: number) => `${(b ? a / b : 1).toFixed(2)} (${a}/${b})`;
    lines.push(
      `| ${name} | ${frac(report.correct, report.total)} | ${unknown ? frac(unknown.rightRouted, unknown.routed) : "–"} | ${report.sections.total ? frac(report.sections.correct, report.sections.total) : "–"} |`,
    );
  }
  console.log(lines.join("\n"));
}

/** The guides as index sources, read straight from content/topik (placeholders left as they are). */
function readGuideSources(dir: string): IndexSource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "unknown.md")
    .map((f) => {
      const [, front = "", ...rest] = readFileSync(join(dir, f), "utf8").split(/^---$/m);
      const fm = parse(front) as {
        id: TopicId;
        title: string;
        keywords?: string[];
        synonyms?: string[];
        contoh?: string[];
        bagian?: Record<string, string[]>;
      };
      const body = rest.join("---");
      const headings = body.match(/^#{2,3} .*$/gm)?.map((h) => h.replace(/^#+ /, "")) ?? [];
      // sections as the compiler splits them: at each heading (the Markdown kept as it is, which is close enough here)
      const sections = body
        .split(/^## /m)
        .slice(1)
        .map((part) => {
          const [heading = "", ...text] = part.split("\n");
          const id = sectionSlug(heading);
          return { id, heading, text: text.join("\n"), ...(fm.bagian?.[id] ? { keywords: fm.bagian[id] } : {}) };
        });
      return {
        topic: fm.id,
        title: fm.title,
        keywords: [...(fm.keywords ?? []), ...(fm.synonyms ?? [])],
        headings,
        body,
        examples: fm.contoh ?? [],
        sections,
      };
    });
}

main();
