import { JAVANESE, JAVANESE_PHRASES } from "./javanese.ts";

/**
 * Indonesian text normalisation shared by the content compiler (index build) and the
 * router (per message), so both sides see the same terms.
 */

/** Informal spellings and abbreviations mapped to a standard word (or several); "" drops the word. */
const SLANG: Record<string, string> = {
  // question words and connectives
  gmn: "bagaimana", gimana: "bagaimana", gmana: "bagaimana", bgmn: "bagaimana", gmna: "bagaimana", gimna: "bagaimana", gmn2: "bagaimana",
  knp: "kenapa", napa: "kenapa", np: "kenapa", brp: "berapa", brapa: "berapa", berapaan: "berapa",
  kpn: "kapan", kapn: "kapan", dmn: "mana", dimana: "mana", dmana: "mana", mn: "mana", kmn: "mana", kemana: "mana",
  sapa: "siapa", apaan: "apa", pa: "apa", ap: "apa",
  gitu: "begitu", gt: "begitu", gini: "begini", gni: "begini",
  yg: "yang", dgn: "dengan", dg: "dengan", sm: "sama", ama: "sama",
  utk: "untuk", untk: "untuk", tuk: "untuk", buat: "untuk", bwt: "untuk",
  krn: "karena", karna: "karena", soalnya: "karena", tp: "tapi", tpi: "tapi", trus: "terus", trs: "terus",
  kalo: "kalau", klo: "kalau", kl: "kalau", klw: "kalau", jd: "jadi", jdi: "jadi", dr: "dari", dri: "dari",
  bgt: "banget", bngt: "banget", bgtt: "banget", bener: "benar", bnr: "benar", emg: "memang", emang: "memang",
  aja: "saja", aj: "saja", doang: "saja", ae: "saja", jg: "juga", jga: "juga", lg: "lagi", lgi: "lagi",
  sdh: "sudah", udh: "sudah", udah: "sudah", dah: "sudah", blm: "belum", blom: "belum", lom: "belum",
  bs: "bisa", bsa: "bisa", isa: "bisa", mo: "mau", mw: "mau", pengen: "ingin", pingin: "ingin", pgn: "ingin", kepengen: "ingin",
  tdk: "tidak", ga: "tidak", gak: "tidak", nggak: "tidak", ngga: "tidak", enggak: "tidak", engga: "tidak", g: "tidak", gk: "tidak",
  kagak: "tidak", ndak: "tidak", nda: "tidak", gag: "tidak", tak: "tidak",
  skrg: "sekarang", skrng: "sekarang", skg: "sekarang", bsk: "besok", td: "tadi", kmrn: "kemarin", kmaren: "kemarin",
  sy: "saya", gw: "saya", gue: "saya", gua: "saya", aku: "saya", ak: "saya", ane: "saya", q: "saya", sya: "saya",
  lu: "kamu", lo: "kamu", loe: "kamu", elo: "kamu", km: "kamu", kmu: "kamu",
  tau: "tahu", tw: "tahu", gatau: "tidak tahu", gtau: "tidak tahu",
  // addressing words and particles: they never carry a topic
  min: "", mimin: "", minn: "", kak: "", ka: "", kk: "", kakak: "", gan: "", agan: "", sis: "", bro: "", bang: "", abang: "",
  pak: "", bapak: "", bu: "", ibu: "", mas: "", mbak: "", mba: "", om: "", dek: "", bos: "", bund: "", lur: "", ndan: "",
  dong: "", deh: "", sih: "", nih: "", kok: "", ya: "", yah: "", yaa: "", kah: "", tuh: "", lah: "", loh: "", lho: "", toh: "",
  cs: "", wr: "", wb: "", warahmatullahi: "", wabarakatuh: "",
  // job vocabulary
  loker: "lowongan", lowker: "lowongan", lowkr: "lowongan", lokr: "lowongan", lowongn: "lowongan", lwongan: "lowongan", lowong: "lowongan",
  lowngan: "lowongan", lowonga: "lowongan", lokeran: "lowongan", vacancy: "lowongan", job: "kerja", jobs: "kerja", kerjaan: "kerja",
  krj: "kerja", kerj: "kerja", gawean: "kerja", pekerjaan: "kerja", kerjo: "kerja",
  nyari: "cari", nyariin: "cari", cariin: "cari", golek: "cari", nanya: "tanya", nanyain: "tanya", tny: "tanya",
  ngatur: "atur", ngaturin: "atur", ngurus: "urus", ngurusin: "urus", ngelamar: "lamar", nglamar: "lamar", apply: "lamar", daptar: "daftar", ndaftar: "daftar",
  daftarin: "daftar", dapet: "dapat", dpt: "dapat", cepet: "cepat", cpt: "cepat", pake: "pakai", pakek: "pakai",
  liat: "lihat", ngecek: "cek", ngecheck: "cek", check: "cek", cekin: "cek", kasih: "beri", kirimin: "kirim",
  bikin: "buat", bkin: "buat", bikinin: "buat", bkn: "bukan",
  tgl: "tanggal", jdwl: "jadwal", gajinya: "gaji", gajih: "gaji", duit: "uang",
  ngobrol: "bicara", ngomong: "bicara", chat: "bicara", chatting: "bicara", ngechat: "bicara",
  nganggur: "anggur", pengangguran: "anggur",
  pinjol: "pinjaman online", pinjem: "pinjam", minjem: "pinjam", ngutang: "utang", hutang: "utang",
  tki: "pekerja migran", tkw: "pekerja migran", pmi: "pekerja migran", cpmi: "pekerja migran",
  ak1: "ak1", "ak/1": "ak1",
  interview: "wawancara", intervew: "wawancara", interviu: "wawancara", wawancra: "wawancara", interfiu: "wawancara",
  intrview: "wawancara", inteview: "wawancara", interviw: "wawancara", wawncara: "wawancara",
  lmbur: "lembur", lmbr: "lembur", mkn: "makan", jm: "jam", ad: "ada", plthn: "pelatihan", pltihan: "pelatihan", pelthn: "pelatihan",
  resume: "cv", cepe: "cv", sipi: "cv", cipi: "cv", sivi: "cv",
  difabel: "disabilitas", disable: "disabilitas", cacat: "disabilitas", tunarungu: "disabilitas", tunanetra: "disabilitas",
  tunadaksa: "disabilitas", tunawicara: "disabilitas", tunagrahita: "disabilitas", tuli: "disabilitas", buta: "disabilitas",
  bisu: "disabilitas", lumpuh: "disabilitas", autis: "disabilitas", autisme: "disabilitas", disleksia: "disabilitas",
  disabilitasnya: "disabilitas", difable: "disabilitas", diffabel: "disabilitas", disabel: "disabilitas",
  nomer: "nomor", no: "nomor", nmr: "nomor", telp: "telepon", tlp: "telepon", telfon: "telepon", telpon: "telepon", tlpn: "telepon",
  wa: "whatsapp", whatsap: "whatsapp", ig: "instagram",
  training: "pelatihan", kursus: "pelatihan", les: "pelatihan", diklat: "pelatihan", pelatian: "pelatihan",
  hrd: "hrd", freshgraduate: "fresh graduate", freshgrad: "fresh graduate", fg: "fresh graduate",
  met: "selamat", slmt: "selamat", assalamualaikum: "assalamualaikum", askum: "assalamualaikum", ass: "assalamualaikum",
  samlekom: "assalamualaikum", assalamu: "assalamualaikum", alaikum: "", mekasih: "makasih", mksh: "makasih", thx: "makasih",
  terlanjur: "telanjur", tlanjur: "telanjur", thanks: "makasih", tq: "makasih", trims: "makasih", trimakasih: "makasih",
};

/** Words that carry no topic on their own. */
const STOP_WORDS = new Set(
  (
    "yang di ke dari dan atau untuk dengan pada ini itu ada adalah apa apakah bagaimana saya kamu anda engkau kau " +
    "dia mereka kami kita akan sudah belum tidak bisa dapat mau ingin harus juga lagi saja banget sangat " +
    "dong sih kok ya tolong mohon minta sama oleh karena jadi kalau kalo jika agar supaya biar " +
    "seperti buat untuk nya si nih tuh deh apa aja tentang soal mana kapan berapa siapa kenapa mengapa " +
    "info informasi cara caranya tanya bertanya nanya ingin boleh begitu begini bukan masih sedang punya " +
    "terus tapi tetapi namun lalu kemudian memang benar betul aduh wah nah oh eh hmm ok oke okay sip " +
    "sekarang besok tadi kemarin nanti lusa kini hari tahun bulan mohon maaf bantu tahu kasih beri " +
    "gimana kayak kaya macam gini gitu sini situ sana semua setiap tiap para pun " +
    "the a an of to is are how what"
  ).split(/\s+/),
);

const PARTICLES = ["lah", "kah", "tah", "pun"];
/** Roots that start like a prefix: "berangkat" (to leave) is not "angkat" (made permanent: "diangkat"). */
const ROOTS_THAT_LOOK_PREFIXED: ReadonlySet<string> = new Set([
  "berangkat", "pertama", "percaya", "perempuan", "berita", "beras", "periksa",
  // loan words and roots that start like "me-", "pe-", "pen-": "mental" is not men+tal, "pensiun" not pen+siun
  "mental", "mentah", "mentor", "member", "mekanik", "metode", "medis", "mesin", "media", "menu", "pensiun", "pendek", "penting",
  "perlu", "pergi", "pesan", "pesawat", "peta", "pelan", "penuh", "pena", "depan", "perut", "pesta",
]);
/** Derived words whose root the prefix rules cannot recover ("perawat" is pe+rawat, "memasak" me+masak). */
const IRREGULAR_STEMS: Readonly<Record<string, string>> = {
  perawat: "rawat", perawatan: "rawat", pemula: "mula", pemuda: "muda", memasak: "masak", pemasak: "masak", pensiunan: "pensiun",
  memakai: "pakai", pemakai: "pakai", pemakaian: "pakai",
};
const JAVANESE_ENDINGS: Array<[string, string]> = [["ipun", ""], ["ne", ""], ["e", ""], ["ke", "kan"], ["ake", "kan"], ["na", ""]];
const POSSESSIVES = ["nya", "ku", "mu"];
const SUFFIXES = ["kan", "an", "i"];

/** Lower-case, strip accents, emoji and punctuation, squeeze letters repeated three times or more. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\bak\s*[/-]?\s*1\b/g, "ak1")
    .replace(/\b([a-z]{3,})2\b/g, "$1") // "kerja2" is written reduplication
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/([a-z])\1{2,}/g, "$1")
    .replace(PHRASE_PATTERN, (m) => JAVANESE_PHRASES[m] ?? m)
    .replace(/ {2,}/g, " ")
    .trim();
}

/** Javanese expressions (src/text/javanese.ts) as one pattern over normalised text, whole words only. */
const PHRASE_PATTERN = new RegExp(`\\b(?:${Object.keys(JAVANESE_PHRASES).sort((a, b) => b.length - a.length).join("|")})\\b`, "g");

/** A light Indonesian stemmer in the Nazief–Adriani spirit: particles, possessives, suffixes, prefixes. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  if (ROOTS_THAT_LOOK_PREFIXED.has(word)) return word;
  if (IRREGULAR_STEMS[word]) return IRREGULAR_STEMS[word]!;
  let w = word;
  // "sekolah", "masalah": a particle is only stripped from a word that stays long enough
  for (const p of PARTICLES) if (w.endsWith(p) && w.length - p.length >= 5) { w = w.slice(0, -p.length); break; }
  for (const p of POSSESSIVES) if (w.endsWith(p) && w.length - p.length >= 4) { w = w.slice(0, -p.length); break; }
  if (ROOTS_THAT_LOOK_PREFIXED.has(w)) return w;
  const irregular = IRREGULAR_STEMS[w];
  if (irregular) return irregular;
  const beforeSuffix = w;
  for (const s of SUFFIXES) if (w.endsWith(s) && w.length - s.length >= 4) { w = w.slice(0, -s.length); break; }
  const prefixed = stripPrefix(w);
  if (prefixed !== w) return prefixed;
  // keep nouns like "lowongan", "pelatihan" recognisable: only drop the suffix when a prefix was found or the word is long
  return beforeSuffix.length >= 7 ? w : beforeSuffix;
}

const PREFIX_RULES: Array<[RegExp, string]> = [
  [/^meny(?=[aiueo])/, "s"], [/^mem(?=[aiueo])/, "p"], [/^men(?=[aiueo])/, "t"], [/^meng(?=[aiueo])/, "k"],
  [/^peny(?=[aiueo])/, "s"], [/^pem(?=[aiueo])/, "p"], [/^pen(?=[aiueo])/, "t"], [/^peng(?=[aiueo])/, "k"],
  [/^meng/, ""], [/^mem/, ""], [/^men/, ""], [/^me/, ""],
  [/^peng/, ""], [/^pem/, ""], [/^pen/, ""], [/^per/, ""], [/^pe/, ""],
  [/^ber/, ""], [/^be(?=r)/, ""], [/^be(?=kerj)/, ""], [/^ter/, ""], [/^di/, ""], [/^ke/, ""],
];

/**
 * Roots starting with "k" whose "meng-"/"peng-" form drops the k ("mengirim", "pengelola"). Every other "meng-" or
 * "peng-" before a vowel keeps the vowel ("mengurus" is "urus", not "kurus"; "pengalaman" is "alam").
 */
const K_ROOTS: ReadonlySet<string> = new Set(
  ("kirim kerja kenal keluh kumpul kurang kuasa kelola kabar kunjung kembang kejar keluar kecewa kasih kosong karang kutip " +
    "kupas kunci kuat kemas ketik kendali kalah kira kena ketahu kemuka kontrak kuras kukuh kelompok kaji").split(" "),
);

function stripPrefix(w: string): string {
  const nasal = /^(?:meng|peng)(?=[aiueo])/.exec(w);
  if (nasal) {
    const rest = w.slice(nasal[0].length);
    const out = K_ROOTS.has(`k${rest}`) ? `k${rest}` : rest;
    if (out.length >= 3) return out;
  }
  for (const [re, repl] of PREFIX_RULES) {
    if (re.test(w)) {
      const out = w.replace(re, repl);
      if (out.length >= 4) return out;
    }
  }
  return w;
}

/** Informal (Jakarta/Javanese-influenced) verb forms: nasal prefixes and the -in suffix. */
const INFORMAL_PREFIXES: Array<[RegExp, string]> = [
  [/^nge(?=[^aiueo])/, ""], [/^ng(?=[aiueo])/, ""], [/^ng(?=[aiueo])/, "k"], [/^ny(?=[aiueo])/, "s"], [/^ny(?=[aiueo])/, "c"],
  [/^m(?=[aiueo])/, "p"], [/^n(?=[aiueo])/, "t"],
];

/**
 * Alternative stems of `word`, most likely first, for words whose default stem the index
 * does not know: informal affixes, the bare word, suffix-only and prefix-only stripping.
 */
export function stemCandidates(word: string): string[] {
  const out = new Set<string>([stem(word), word]);
  const bases = [word];
  if (word.endsWith("in") && word.length >= 6) bases.push(word.slice(0, -2));
  if (word.endsWith("nya") && word.length >= 6) bases.push(word.slice(0, -3));
  for (const base of bases) {
    out.add(base);
    out.add(stem(base));
    for (const [re, repl] of INFORMAL_PREFIXES) {
      if (!re.test(base)) continue;
      const bare = base.replace(re, repl);
      if (bare.length >= 3) {
        out.add(bare);
        out.add(stem(bare));
      }
    }
  }
  for (const s of SUFFIXES) if (word.endsWith(s) && word.length - s.length >= 3) out.add(word.slice(0, -s.length));
  // Javanese endings: -e/-ne and krama -ipun (possessive: "syarate", "gajine", "cocokipun"), -ke (= -kan: "dicairke")
  for (const [ending, repl] of JAVANESE_ENDINGS) {
    if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
    const base = word.slice(0, -ending.length) + repl;
    out.add(base);
    out.add(stem(base));
  }
  out.add(stripPrefix(word));
  const collapsed = word.replace(/([a-z])\1+/g, "$1");
  if (collapsed !== word) {
    out.add(collapsed);
    out.add(stem(collapsed));
  }
  return [...out];
}

/** Map one normalised word through the slang dictionary (possibly to several words or none). */
export function expandSlang(word: string): string[] {
  const squeezed = word.replace(/([a-z])\1+/g, "$1"); // "lokerr", "haii": a doubled letter is often a typo
  const key = Object.hasOwn(SLANG, word) ? word : squeezed.length >= 2 && Object.hasOwn(SLANG, squeezed) ? squeezed : undefined;
  // Indonesian slang first ("tak" is "tidak" there, "I" in Javanese), then Javanese
  const mapped = key !== undefined ? SLANG[key]! : Object.hasOwn(JAVANESE, word) ? JAVANESE[word]! : javaneseBase(word) ?? word;
  return mapped ? mapped.split(" ") : [];
}

/** A Javanese word with a possessive or krama ending ("klambine", "syaratipun", "kancamu"): the word it carries, mapped. */
function javaneseBase(word: string): string | undefined {
  for (const ending of JAVANESE_POSSESSIVE_ENDINGS) {
    if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
    const base = word.slice(0, -ending.length);
    if (Object.hasOwn(JAVANESE, base) && JAVANESE[base]) return JAVANESE[base];
  }
  return undefined;
}

const JAVANESE_POSSESSIVE_ENDINGS = ["ipun", "ne", "e", "mu", "ku", "nya"];

/** True for words that are dropped before indexing (stop words and one-letter words). */
export function isStopWord(word: string): boolean {
  return word.length < 2 || STOP_WORDS.has(word);
}

/** True when the raw word is only a way of addressing the bot or a particle ("min", "kak", "dong"). */
export function isAddressWord(word: string): boolean {
  return Object.hasOwn(SLANG, word) && SLANG[word] === "";
}

/** Raw words after normalisation and slang expansion, stop words kept (for phrases). */
export function words(text: string): string[] {
  const out: string[] = [];
  let previous = "";
  for (const raw of normalise(text).split(" ")) {
    if (!raw) continue;
    for (const w of expandSlang(raw)) {
      if (w === previous) continue; // "ciri ciri", "kerja kerja": reduplication counts once
      out.push(w);
      previous = w;
    }
  }
  return out;
}

/** Index terms: normalised, slang expanded, stop words removed, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (isStopWord(w)) continue;
    const t = stem(w);
    if (!STOP_WORDS.has(t)) out.push(t); // "dibantu", "caranya": stop words in disguise
  }
  return out;
}

const QUESTION_WORDS = new Set([
  "apa", "apakah", "bagaimana", "gimana", "gmn", "kapan", "mana", "dimana", "berapa", "brp", "siapa", "kenapa", "mengapa",
  "cara", "caranya", "bisa", "boleh", "tolong", "mohon", "minta", "ingin", "mau", "pengen", "syarat", "syaratnya", "ada",
]);

/** Sentences of a message with a weight: 1 for questions and requests, less for statements beside them. */
export function sentences(text: string): Array<{ text: string; weight: number }> {
  const parts = text
    .split(/(?<=[.!?\n;])\s*/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  if (parts.length <= 1) return [{ text, weight: 1 }];
  const isQuestion = parts.map((s) => s.includes("?") || normalise(s).split(" ").some((w) => QUESTION_WORDS.has(w)));
  const anyQuestion = isQuestion.some(Boolean);
  return parts.map((s, i) => ({ text: s, weight: anyQuestion && !isQuestion[i] ? 0.6 : 1 }));
}
