/**
 * `npm run seed:messages -- --persist-to <dir> [--messages 1000000] [--days 100] [--seed 1]`
 *
 * Fills a local D1 (migrated) with a realistic message log for the dashboard benchmark: seekers on Telegram
 * and web chat, conversations with bursts of questions and bot answers across the day (WIB office rhythm),
 * counsellor handoffs with intake, counsellor replies, closes with outcomes and ratings, a few cases still
 * waiting or open at the end. Ids grow with created_at, as in production. Written as SQL files and loaded
 * with `wrangler d1 execute --local --file`, in batches.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../src/text/mulberry32.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Options of one seeding run. */
export interface SeedOptions {
  /** local state directory of `wrangler dev --persist-to`; undefined = wrangler's default (.wrangler/state) */
  persistTo?: string;
  messages: number;
  days: number;
  seed: number;
  /** the log ends here (epoch ms) */
  end: number;
  log?: (line: string) => void;
}

/** What was written. */
export interface SeedSummary {
  messages: number;
  conversations: number;
  seekers: number;
  cases: Record<string, number>;
  counsellors: number;
  ms: number;
}

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WIB = 7 * HOUR;
const ROWS_PER_INSERT = 250;
const ROWS_PER_FILE = 100_000;

const TOPICS: Array<[topic: string, weight: number, title: string, asks: string[]]> = [
  ["lowongan", 22, "Lowongan Kerja Terverifikasi", ["ada lowongan kerja di blitar?", "loker pabrik terbaru min", "lowongan operator produksi", "info loker lulusan smk", "lowongan admin kantor"]],
  ["kartu-ak1", 14, "Kartu Pencari Kerja (AK/1)", ["cara bikin kartu kuning", "syarat ak1 apa aja", "kartu kuning bisa online?", "perpanjang kartu kuning gimana"]],
  ["pelatihan", 10, "Pelatihan Kerja", ["pelatihan blk kapan buka", "ada pelatihan menjahit gratis?", "daftar kartu prakerja", "kursus las di blk"]],
  ["cv", 9, "CV dan Surat Lamaran", ["cara bikin cv yang menarik", "contoh surat lamaran kerja", "cv fresh graduate isinya apa"]],
  ["menu", 9, "Menu", ["halo", "menu", "/start", "assalamualaikum min"]],
  ["wawancara", 6, "Wawancara Kerja", ["tips interview kerja", "pertanyaan wawancara yang sering muncul"]],
  ["cek-lowongan", 6, "Cek Lowongan Palsu", ["disuruh bayar seragam dulu aman ga", "lowongan ini asli nggak ya", "diminta transfer biaya medical"]],
  ["kerja-luar-negeri", 5, "Kerja ke Luar Negeri", ["syarat kerja ke jepang", "jadi pmi ke taiwan gimana caranya", "lpk resmi di blitar"]],
  ["dunia-kerja", 4, "Dunia Kerja", ["umk blitar berapa", "bedanya pkwt dan pkwtt", "bpjs ketenagakerjaan wajib?"]],
  ["tips-kerja", 3, "Tips Masuk Kerja", ["tips hari pertama kerja", "cara adaptasi di tempat kerja baru"]],
  ["potensi-diri", 3, "Mengenal Potensi Diri", ["bingung mau kerja apa", "cocoknya kerja di bidang apa ya"]],
  ["keuangan", 2, "Literasi Keuangan", ["pinjol ilegal ciri cirinya", "gaji pertama diatur gimana"]],
  ["kontak", 2, "Kontak Kantor", ["alamat disnaker blitar dimana", "jam buka kantor"]],
  ["disabilitas", 1, "Layanan Disabilitas", ["lowongan untuk disabilitas ada?"]],
  ["bkk", 1, "Bursa Kerja Khusus", ["bkk smk itu apa"]],
  ["profil", 1, "Profil Pencari Kerja", ["isi profil"]],
  ["privasi", 1, "Privasi Data", ["data saya dipakai untuk apa"]],
  ["unknown", 4, "Tidak dipahami", ["resep nasi goreng", "wkwkwk", "p", "tes"]],
];
const TOPIC_WEIGHT = TOPICS.reduce((n, t) => n + t[1], 0);
const NEEDS = [
  "mau tanya lowongan yang cocok untuk lulusan SMK",
  "bingung cara daftar kartu kuning online",
  "ingin ikut pelatihan tapi belum tahu jadwalnya",
  "mau konsultasi CV sebelum melamar",
  "ditawari kerja ke luar negeri, takut penipuan",
  "sudah melamar banyak tapi belum dipanggil",
  "ingin kerja sambil kuliah",
  "mau tanya soal kontrak kerja PKWT",
];
const EDUCATION = ["SD", "SMP", "SMA", "SMK", "D3", "S1"];
const KECAMATAN = ["Bakung", "Wonotirto", "Panggungrejo", "Wates", "Binangun", "Sutojayan", "Kademangan", "Kanigoro", "Talun", "Selopuro", "Kesamben", "Selorejo", "Doko", "Wlingi", "Gandusari", "Garum", "Nglegok", "Sanankulon", "Ponggok", "Srengat", "Wonodadi", "Udanawu"];
const COUNSELLOR_REPLIES = [
  "Halo Kak, saya pengantar kerja Disnaker. Boleh diceritakan lebih lanjut?",
  "Untuk lulusan SMK ada beberapa lowongan operator yang masih buka, cek /lowongan ya.",
  "Kartu AK/1 bisa didaftarkan online di Karirhub lalu dicetak di kantor, gratis.",
  "Pelatihan menjahit dan las di BLK dibuka bulan depan, nanti kami kabari.",
  "Lowongan yang meminta biaya di depan patut dicurigai. Jangan transfer dulu ya.",
  "CV-nya sudah bagus, tambahkan pengalaman magang dan keterampilan komputer.",
  "Silakan datang ke kantor pada jam layanan, bawa KTP dan ijazah.",
];
const SEEKER_FOLLOWUPS = ["baik kak terima kasih", "oh gitu ya kak", "kalau lulusan sma bisa?", "siap kak nanti saya datang", "syaratnya apa saja kak?", "makasih infonya"];
const OUTCOMES: Array<[string, number]> = [["informed", 45], ["vacancy", 18], ["training", 12], ["ak1", 14], ["placed", 3], ["other", 8]];
const COUNSELLORS = ["Sri Wahyuni", "Budi Santoso", "Dwi Lestari", "Agus Prasetyo", "Rina Kusumawati", "Eko Saputro"];

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    weighted: <X extends readonly [unknown, number, ...unknown[]]>(xs: readonly X[], total: number): X => {
      let r = next() * total;
      for (const x of xs) if ((r -= x[1]) < 0) return x;
      return xs[xs.length - 1]!;
    },
  };
}

const q = (s: string | null | undefined) => (s === null || s === undefined ? "null" : `'${s.replace(/'/g, "''")}'`);
const n = (v: number | null | undefined) => (v === null || v === undefined ? "null" : String(Math.round(v)));

interface Msg {
  at: number;
  conv: Conv;
  direction: "in" | "out";
  sender: "seeker" | "bot" | "counsellor";
  kind: string;
  text: string;
  topic: string | null;
  status: string;
  caseRef?: CaseRow;
  counsellorId?: number;
}

interface Conv {
  id: string;
  seekerId: number;
  channel: "telegram" | "web";
  createdAt: number;
  updatedAt: number;
  lastTopic: string | null;
}

interface CaseRow {
  id: number;
  conv: Conv;
  status: "waiting" | "open" | "closed" | "left";
  topic: string;
  intake: Record<string, string>;
  assignedTo: number | null;
  labels: string[];
  outcome: string | null;
  rating: number | null;
  createdAt: number;
  claimedAt: number | null;
  firstReplyAt: number | null;
  closedAt: number | null;
  lastSeekerAt: number;
}

/** Hour of day (WIB) weights: quiet at night, peaks late morning and evening. */
const HOURS = [1, 1, 0, 0, 1, 2, 4, 7, 10, 12, 12, 11, 9, 9, 10, 9, 8, 8, 9, 11, 12, 10, 6, 3].map((w, h) => [h, w] as const);
const HOURS_TOTAL = HOURS.reduce((a, [, w]) => a + w, 0);

/** Generate the log and load it; returns counts. */
export async function seedMessages(opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const r = prng(opts.seed);
  const dir = mkdtempSync(join(tmpdir(), "binjol-seed-"));
  const files: string[] = [];
  const writer = (name: string) => {
    const path = join(dir, name);
    files.push(path);
    const fd = openSync(path, "w");
    return { write: (s: string) => writeSync(fd, s), close: () => closeSync(fd) };
  };
  try {
    const end = opts.end;
    const start = Math.floor((end - opts.days * DAY + WIB) / DAY) * DAY - WIB; // a WIB midnight
    const perDay = Math.ceil(opts.messages / opts.days);
    const convs: Conv[] = [];
    const cases: CaseRow[] = [];
    let nextSeeker = 1;
    let nextCase = 1;
    let nextMessage = 1;
    let nextUpdate = 900_000_000;
    const buckets = new Map<number, Msg[]>();
    const dayOf = (t: number) => Math.floor((t - start) / DAY);
    const push = (m: Msg) => {
      if (m.at >= end) return;
      const d = dayOf(m.at);
      let b = buckets.get(d);
      if (!b) buckets.set(d, (b = []));
      b.push(m);
      m.conv.updatedAt = Math.max(m.conv.updatedAt, m.at);
    };

    // Messages are flushed day by day in time order, so ids grow with created_at.
    let msgFile = writer("30-messages-0.sql");
    let inFile = 0;
    let fileNo = 0;
    let pending: string[] = [];
    const flushRows = () => {
      if (pending.length === 0) return;
      msgFile.write(
        `insert into messages (id, conversation_id, channel, direction, sender, kind, text, topic, status, dedupe_key, case_id, counsellor_id, created_at) values\n${pending.join(",\n")};\n`,
      );
      pending = [];
    };
    const flushDay = (d: number) => {
      const bucket = (buckets.get(d) ?? []).sort((a, b) => a.at - b.at);
      buckets.delete(d);
      for (const m of bucket) {
        const id = nextMessage++;
        const dedupe = m.direction === "in" ? (m.conv.channel === "telegram" ? `tg:${nextUpdate++}` : `${m.conv.id}:${id.toString(36)}`) : null;
        pending.push(
          `(${id},${q(m.conv.id)},${q(m.conv.channel)},${q(m.direction)},${q(m.sender)},${q(m.kind)},${q(m.text)},${q(m.topic)},${q(m.status)},${q(dedupe)},${n(m.caseRef?.id)},${n(m.counsellorId)},${m.at})`,
        );
        if (pending.length >= ROWS_PER_INSERT) flushRows();
        if (++inFile >= ROWS_PER_FILE) {
          flushRows();
          msgFile.close();
          inFile = 0;
          msgFile = writer(`30-messages-${++fileNo}.sql`);
        }
      }
    };

    const newConv = (at: number): Conv => {
      const channel = r.next() < 0.65 ? "telegram" : "web";
      const seekerId = nextSeeker++;
      const id = channel === "telegram" ? `tg:${5_100_000_000 + seekerId * 7}` : `web:${uuid(r.next)}`;
      const c: Conv = { id, seekerId, channel, createdAt: at, updatedAt: at, lastTopic: null };
      convs.push(c);
      return c;
    };

    const exchange = (c: Conv, t: number, topic: (typeof TOPICS)[number]) => {
      const [id, , title, asks] = topic;
      push({ at: t, conv: c, direction: "in", sender: "seeker", kind: "text", text: r.pick(asks), topic: id, status: "answered" });
      push({ at: t + r.int(300, 1500), conv: c, direction: "out", sender: "bot", kind: "text", text: `[panduan] ${title}`, topic: id, status: "sent" });
      c.lastTopic = id;
    };

    const handoff = (c: Conv, t0: number, from: string) => {
      let t = t0;
      const kc: CaseRow = {
        id: nextCase++,
        conv: c,
        status: "waiting",
        topic: from,
        intake: {},
        assignedTo: null,
        labels: [],
        outcome: null,
        rating: null,
        createdAt: t,
        claimedAt: null,
        firstReplyAt: null,
        closedAt: null,
        lastSeekerAt: t,
      };
      cases.push(kc);
      const seeker = (text: string, kind = "text") => {
        push({ at: t, conv: c, direction: "in", sender: "seeker", kind, text, topic: "konselor", status: "answered", caseRef: kc });
        kc.lastSeekerAt = t;
      };
      const bot = (text: string) => push({ at: (t += r.int(300, 900)), conv: c, direction: "out", sender: "bot", kind: "text", text, topic: "konselor", status: "sent" });
      seeker("/konselor", "command");
      bot("[panduan] Konsultasi dengan Pengantar Kerja");
      bot("Supaya konselor bisa langsung membantu, ceritakan singkat apa yang ingin kamu tanyakan. Boleh juga dilewati.");
      t += r.int(20, 120) * 1000;
      if (r.next() < 0.8) {
        kc.intake.need = r.pick(NEEDS);
        seeker(kc.intake.need);
      } else seeker("Lewati", "action");
      bot("Apa pendidikan terakhirmu? Pilih di bawah atau lewati.");
      t += r.int(5, 40) * 1000;
      kc.intake.education = r.pick(EDUCATION);
      seeker(kc.intake.education, "action");
      bot("Kamu tinggal di kecamatan mana?");
      t += r.int(5, 60) * 1000;
      kc.intake.kecamatan = r.pick(KECAMATAN);
      seeker(kc.intake.kecamatan);
      bot("Terima kasih. Kamu ada di antrean; pengantar kerja akan membalas pada jam layanan.");
      c.lastTopic = "konselor";
      if (r.next() < 0.05) {
        t += r.int(5, 90) * MIN;
        if (t >= end) return;
        seeker("Keluar antrean", "action");
        bot("Baik, kamu sudah keluar dari antrean.");
        kc.status = "left";
        kc.closedAt = t;
        return;
      }
      // A counsellor picks it up: minutes in office hours, the next morning otherwise.
      let claim = t + r.int(2, 45) * MIN;
      const hour = Math.floor(((claim + WIB) % DAY) / HOUR);
      if (hour < 8 || hour >= 15) claim = Math.floor((claim + WIB + (hour >= 15 ? DAY : 0)) / DAY) * DAY - WIB + 8 * HOUR + r.int(5, 120) * MIN;
      if (claim >= end) return; // still waiting at the end
      const counsellor = r.int(1, COUNSELLORS.length);
      kc.status = "open";
      kc.assignedTo = counsellor;
      kc.claimedAt = claim;
      kc.firstReplyAt = claim;
      t = claim;
      const turns = r.int(1, 4);
      for (let i = 0; i < turns; i++) {
        push({ at: t, conv: c, direction: "out", sender: "counsellor", kind: "text", text: r.pick(COUNSELLOR_REPLIES), topic: "konselor", status: "sent", caseRef: kc, counsellorId: counsellor });
        t += r.int(1, 20) * MIN;
        if (t >= end) return;
        seeker(r.pick(SEEKER_FOLLOWUPS));
        t += r.int(1, 15) * MIN;
      }
      if (t >= end || r.next() < 0.03) return; // still open
      kc.status = "closed";
      kc.closedAt = t;
      kc.outcome = r.weighted(OUTCOMES, 100)[0];
      if (r.next() < 0.15) kc.labels = [r.pick(["disabilitas", "lulusan baru", "perempuan kepala keluarga", "rawan penipuan", "luar negeri"])];
      bot("Terima kasih sudah berkonsultasi. Bagaimana penilaianmu? Pilih 1 sampai 5.");
      if (r.next() < 0.6) {
        t += r.int(1, 30) * MIN;
        if (t >= end) return;
        kc.rating = r.weighted([[5, 50], [4, 30], [3, 12], [2, 4], [1, 4]] as const, 100)[0];
        push({ at: t, conv: c, direction: "in", sender: "seeker", kind: "action", text: "⭐".repeat(kc.rating), topic: "konselor", status: "answered" });
        bot("Terima kasih atas penilaianmu!");
      }
    };

    log(`generating about ${opts.messages.toLocaleString("en")} messages over ${opts.days} days`);
    const returning: Conv[] = [];
    for (let d = 0; d < opts.days; d++) {
      const dayStart = start + d * DAY;
      const weekday = new Date(dayStart + WIB).getUTCDay();
      const quota = Math.round(perDay * (weekday === 0 || weekday === 6 ? 0.7 : 1.12));
      const burstStarts: number[] = [];
      // About 11 messages per burst (5 exchanges of 2, and 8% handoffs of about 15).
      const bursts = Math.max(1, Math.round(quota / 11));
      for (let i = 0; i < bursts; i++) {
        const [hour] = r.weighted(HOURS, HOURS_TOTAL);
        burstStarts.push(dayStart + hour * HOUR + r.int(0, HOUR - 1));
      }
      burstStarts.sort((a, b) => a - b);
      for (const t0 of burstStarts) {
        if (t0 >= end) break;
        const c = returning.length > 50 && r.next() < 0.3 ? r.pick(returning) : newConv(t0);
        if (returning.length < 20_000 && r.next() < 0.3) returning.push(c);
        else if (r.next() < 0.3) returning[r.int(0, returning.length - 1)] = c;
        let t = t0;
        const exchanges = r.int(1, 9);
        for (let i = 0; i < exchanges; i++) {
          exchange(c, t, r.weighted(TOPICS, TOPIC_WEIGHT));
          t += r.int(15, 240) * 1000;
        }
        if (r.next() < 0.08) handoff(c, t, c.lastTopic ?? "konselor");
      }
      flushDay(d);
    }
    for (const d of [...buckets.keys()].sort((a, b) => a - b)) flushDay(d);
    flushRows();
    msgFile.close();

    // Seekers, conversations, counsellors and cases, loaded before the messages that refer to them.
    const people = writer("10-people.sql");
    const hash = "pbkdf2$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    people.write(
      `insert into counsellors (id, email, name, password_hash, is_admin, created_at) values\n${COUNSELLORS.map((name, i) => `(${i + 1},${q(`${name.split(" ")[0]!.toLowerCase()}@seed.binjol.test`)},${q(name)},${q(hash)},${i === 0 ? 1 : 0},${start})`).join(",\n")};\n`,
    );
    for (let i = 0; i < convs.length; i += ROWS_PER_INSERT) {
      const chunk = convs.slice(i, i + ROWS_PER_INSERT);
      people.write(`insert into seekers (id, channel, external_id, first_seen_at, last_seen_at) values\n${chunk.map((c) => `(${c.seekerId},${q(c.channel)},${q(c.id.slice(c.id.indexOf(":") + 1))},${c.createdAt},${c.updatedAt})`).join(",\n")};\n`);
      people.write(
        `insert into conversations (id, seeker_id, channel, state, created_at, updated_at) values\n${chunk.map((c) => `(${q(c.id)},${c.seekerId},${q(c.channel)},'{}',${c.createdAt},${c.updatedAt})`).join(",\n")};\n`,
      );
    }
    people.close();
    const caseFile = writer("20-cases.sql");
    for (let i = 0; i < cases.length; i += ROWS_PER_INSERT) {
      const chunk = cases.slice(i, i + ROWS_PER_INSERT);
      caseFile.write(
        `insert into cases (id, conversation_id, channel, status, topic, intake, assigned_to, labels, outcome, rating, created_at, claimed_at, first_reply_at, closed_at, last_seeker_at) values\n${chunk
          .map(
            (k) =>
              `(${k.id},${q(k.conv.id)},${q(k.conv.channel)},${q(k.status)},${q(k.topic)},${q(JSON.stringify(k.intake))},${n(k.assignedTo)},${q(JSON.stringify(k.labels))},${q(k.outcome)},${n(k.rating)},${k.createdAt},${n(k.claimedAt)},${n(k.firstReplyAt)},${n(k.closedAt)},${k.lastSeekerAt})`,
          )
          .join(",\n")};\n`,
      );
    }
    caseFile.close();

    const total = nextMessage - 1;
    log(`generated ${total.toLocaleString("en")} messages, ${convs.length.toLocaleString("en")} conversations, ${cases.length.toLocaleString("en")} cases; loading`);
    const target = ["--local", ...(opts.persistTo ? ["--persist-to", opts.persistTo] : [])];
    for (const file of files.sort()) {
      const t = performance.now();
      execFileSync(join(root, "node_modules", ".bin", "wrangler"), ["d1", "execute", "DB", ...target, "--yes", "--file", file], {
        cwd: root,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
        stdio: ["ignore", "ignore", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
      });
      log(`  loaded ${file.split("/").pop()} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const byStatus: Record<string, number> = {};
    for (const k of cases) byStatus[k.status] = (byStatus[k.status] ?? 0) + 1;
    return { messages: total, conversations: convs.length, seekers: convs.length, cases: byStatus, counsellors: COUNSELLORS.length, ms: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Parse `--name value` flags. */
export function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("Usage: npm run seed:messages -- [--persist-to <dir>] [--messages 1000000] [--days 100] [--seed 1]\nThe database must be migrated first (wrangler d1 migrations apply DB --local [--persist-to <dir>]).");
    process.exit(0);
  }
  const summary = await seedMessages({
    persistTo: flag(argv, "persist-to"),
    messages: Number(flag(argv, "messages") ?? 1_000_000),
    days: Number(flag(argv, "days") ?? 100),
    seed: Number(flag(argv, "seed") ?? 1),
    end: Date.now(),
    log: (l) => console.log(l),
  });
  console.log(
    `seeded ${summary.messages.toLocaleString("en")} messages, ${summary.conversations.toLocaleString("en")} conversations, cases ${JSON.stringify(summary.cases)} in ${(summary.ms / 1000).toFixed(0)} s`,
  );
}
