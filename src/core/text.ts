/**
 * Indonesian text normalisation shared by the content compiler (index build) and the
 * router (per message), so both sides see the same terms.
 */

/** Informal spellings and abbreviations mapped to a standard word (or several). */
const SLANG: Record<string, string> = {
  gmn: "bagaimana", gimana: "bagaimana", gmana: "bagaimana", bgmn: "bagaimana", gmna: "bagaimana",
  gitu: "begitu", gt: "begitu", bgt: "banget", bngt: "banget",
  yg: "yang", dgn: "dengan", dg: "dengan", sm: "sama", ama: "sama", utk: "untuk", untk: "untuk", buat: "untuk",
  tdk: "tidak", ga: "tidak", gak: "tidak", nggak: "tidak", ngga: "tidak", enggak: "tidak", g: "tidak", gk: "tidak", kagak: "tidak", engga: "tidak",
  blm: "belum", udh: "sudah", udah: "sudah", sdh: "sudah", dah: "sudah",
  aja: "saja", aj: "saja", doang: "saja",
  gw: "saya", gue: "saya", aku: "saya", ane: "saya", sy: "saya", q: "saya",
  lu: "kamu", lo: "kamu", km: "kamu",
  min: "", mimin: "", kak: "", kk: "", gan: "", sis: "", bro: "", bang: "", pak: "", bu: "", mas: "", mbak: "", mba: "", dong: "", deh: "", sih: "", nih: "", kok: "", ya: "", yah: "", kah: "", tuh: "", lah: "",
  loker: "lowongan", lowker: "lowongan", lowkr: "lowongan", lokr: "lowongan", lowongn: "lowongan", lwongan: "lowongan",
  kerjaan: "kerja", krj: "kerja", kerj: "kerja",
  bikin: "buat", bkin: "buat", bkn: "bukan", bikinin: "buat",
  brp: "berapa", brapa: "berapa",
  dmn: "mana", dimana: "mana", mn: "mana",
  kpn: "kapan", kapn: "kapan",
  tgl: "tanggal", jdwl: "jadwal",
  gaji: "gaji", gajinya: "gaji",
  ngobrol: "bicara", ngomong: "bicara", chat: "bicara", chatting: "bicara",
  nganggur: "anggur", pengangguran: "anggur",
  pinjol: "pinjaman online", pinjem: "pinjam", minjem: "pinjam",
  tki: "pekerja migran", tkw: "pekerja migran", pmi: "pekerja migran",
  cpmi: "pekerja migran",
  ak1: "ak1", "ak/1": "ak1",
  interview: "wawancara", intervew: "wawancara", interviu: "wawancara", wawancra: "wawancara",
  resume: "cv",
  difabel: "disabilitas", disable: "disabilitas", cacat: "disabilitas", tunarungu: "disabilitas", tunanetra: "disabilitas", tunadaksa: "disabilitas", tuli: "disabilitas",
  nomer: "nomor", no: "nomor", telp: "telepon", tlp: "telepon", telfon: "telepon", hp: "telepon", wa: "whatsapp",
  ngurus: "urus", daptar: "daftar", ndaftar: "daftar",
  training: "pelatihan", kursus: "pelatihan", les: "pelatihan", diklat: "pelatihan",
  hrd: "hrd", cs: "",
};

/** Words that carry no topic on their own. */
const STOP_WORDS = new Set(
  (
    "yang di ke dari dan atau untuk dengan pada ini itu ada adalah apa apakah bagaimana saya kamu anda " +
    "dia mereka kami kita akan sudah belum tidak bisa dapat mau ingin harus juga lagi saja banget sangat " +
    "dong sih kok ya tolong mohon minta halo hai sama oleh karena jadi kalau kalo jika agar supaya biar " +
    "seperti buat untuk nya si nih tuh deh gimana apa aja tentang soal mana kapan berapa siapa kenapa mengapa " +
    "info informasi cara caranya tanya nanya pengen pingin boleh begitu bukan masih sedang lagi punya " +
    "the a an of to is are how what"
  ).split(/\s+/),
);

const PARTICLES = ["lah", "kah", "tah", "pun"];
const POSSESSIVES = ["nya", "ku", "mu"];
const SUFFIXES = ["kan", "an", "i"];

/** Lower-case, strip accents, emoji and punctuation, squeeze letters repeated three times or more. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ak\s*[/-]?\s*1\b/g, "ak1")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/([a-z])\1{2,}/g, "$1")
    .trim();
}

/** A light Indonesian stemmer in the Nazief–Adriani spirit: particles, possessives, suffixes, prefixes. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  let w = word;
  for (const p of PARTICLES) if (w.endsWith(p) && w.length - p.length >= 4) { w = w.slice(0, -p.length); break; }
  for (const p of POSSESSIVES) if (w.endsWith(p) && w.length - p.length >= 4) { w = w.slice(0, -p.length); break; }
  const beforeSuffix = w;
  for (const s of SUFFIXES) if (w.endsWith(s) && w.length - s.length >= 4) { w = w.slice(0, -s.length); break; }
  const prefixed = stripPrefix(w);
  if (prefixed !== w) return prefixed;
  // keep nouns like "lowongan", "pelatihan" recognisable: only drop the suffix when a prefix was found or the word is long
  return beforeSuffix.length >= 7 ? w : beforeSuffix;
}

function stripPrefix(w: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^meny(?=[aiueo])/, "s"], [/^mem(?=[aiueo])/, "p"], [/^men(?=[aiueo])/, "t"], [/^meng(?=[aiueo])/, "k"],
    [/^peny(?=[aiueo])/, "s"], [/^pem(?=[aiueo])/, "p"], [/^pen(?=[aiueo])/, "t"], [/^peng(?=[aiueo])/, "k"],
    [/^meng/, ""], [/^mem/, ""], [/^men/, ""], [/^me/, ""],
    [/^peng/, ""], [/^pem/, ""], [/^pen/, ""], [/^per/, ""], [/^pe/, ""],
    [/^ber/, ""], [/^be(?=r)/, ""], [/^ter/, ""], [/^di/, ""], [/^ke/, ""], [/^se/, ""],
  ];
  for (const [re, repl] of rules) {
    if (re.test(w)) {
      const out = w.replace(re, repl);
      if (out.length >= 4) return out;
    }
  }
  return w;
}

/** Raw words after normalisation and slang expansion, stop words kept (for phrases). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of normalise(text).split(" ")) {
    if (!raw) continue;
    const mapped = raw in SLANG ? SLANG[raw]! : raw;
    for (const w of mapped.split(" ")) if (w) out.push(w);
  }
  return out;
}

/** Index terms: normalised, slang expanded, stop words removed, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w) || w.length < 2) continue;
    out.push(stem(w));
  }
  return out;
}
