/** The building blocks of the scam patterns (normalised text), the masks ("no fee" phrases, warnings) and the {name} blocks content patterns may use. */
import { sentenceRanges } from "./scam-text.ts";

// ── Building blocks of the patterns (normalised text) ───────────────────────

export const re = (source: string) => new RegExp(source, "g");
export const once = (source: string) => new RegExp(source);

/** A sum of money: "Rp 150.000", "rp150rb", "150rb", "2,5jt", "300k", "1.250.000", Javanese "3 yuto", "500 ewu". */
export const AMOUNT = String.raw`(?:rp\.? ?\d[\d.,]*(?: ?(?:jt|juta|yuto|yuta|rb|ribu|rebu|ewu|k)\b)?|\d+(?:[.,]\d+)? ?(?:jt|juta|jeti|yuto|yuta|rb|ribu|rebu|ewu|k)\b|\d{1,3}(?:\.\d{3})+(?!\d))`;
/** Words of pay (the seeker receives it): a gap that crosses one is not about a fee. */
export const PAY = String.raw`gaji|gajih|gajian|salary|upah|thp|penghasilan|pendapatan|income|komisi|bonus|insentif|tunjangan|lembur|honor|uang saku|uang makan|dibayar|digaji|harian|mingguan|bulanan`;
/** Up to n words. */
export const gap = (n: number) => String.raw`(?:\S+ +){0,${n}}?`;
/** Up to n words, none of them a pay word. */
export const gapNoPay = (n: number) => String.raw`(?:(?!(?:${PAY})\b)\S+ +){0,${n}}?`;

/** Stages of recruitment a scammer charges for. */
export const FEE_PURPOSE = String.raw`pendaftaran|daftar|registrasi|regist|administrasi|adminstrasi|adm|admin|formulir|form|pelatihan|training|diklat|seragam|baju|atribut|id ?card|name ?tag|medical|medikal|mcu|check ?up|tes kesehatan|cek kesehatan|pemeriksaan kesehatan|jaminan|garansi|proses|pemrosesan|pemberkasan|berkas|sertifikat|sertifikasi|psikotes|psikotest|tes|test|ujian|materai|meterai|pengurusan|paspor|visa|keberangkatan|pemberangkatan|sponsor|aktivasi|member|keanggotaan|verifikasi|pelicin|penempatan|interview|wawancara|booking|kuota|lamaran|seleksi|rekrutmen`;
/** Travel and lodging: a fee only with an amount ("uang transport" alone is a benefit). */
export const LOGISTICS = String.raw`transport\w*|tiket|akomodasi|penginapan|mess|asrama|kos|kost|travel`;
/** Chat channels. */
export const CHAN = String.raw`wa|whatsapp|whatsap|whats app|watsap|wasap|telegram|tele|tg|line|chat|chatting|inbox|dm|direct message|japri|pc|sms|messenger|grup|group`;
/** Identity documents ("kk" only where it cannot be "kakak"). */
export const ID_DOC = String.raw`(?:e-?ktp|ktp|npwp|kartu keluarga|(?<=(?:foto|scan|no\.?|nomor|nomer|nmr|ss|ktp|dan|&|\+|,|\/) *)kk)`;
/** Words that negate what follows in the same clause. */
export const NEGATION = String.raw`\b(?:tidak|tdk|bukan|bkn|tanpa|jangan|hindari|dilarang|gak|ga|nggak|enggak|ngga|gk|tak|waspada|waspadai|waspadalah|ora|orak|mboten|boten|dudu|sanes|ojo|aja|ampun)\b`;
/** Abroad (but not "bahasa Jepang" / "bahasa Arab"). */
export const OVERSEAS = String.raw`(?<!(?:bahasa|berbahasa) )\b(?:luar +negeri|mancanegara|abroad|overseas|negeri +jiran|taiwan|hong ?kong|korea|korsel|jepang|japan|malaysia|singapura|singapore|brunei|arab|saudi|dubai|uea|uae|emirat|qatar|kuwait|oman|bahrain|turki|eropa|polandia|jerman|belanda|rumania|romania|hungaria|ceko|australia|selandia +baru|new +zealand|kanada|amerika|kamboja|cambodia|myanmar|laos|thailand|vietnam|filipina|china|tiongkok|macau|makau|timur +tengah)\b|\b(?:kerja|ke|di) +ln\b`;
/** "kontrak nanti", "kontrak kerja diberikan setelah sampai": a contract promised only after departure. */
export const LATER = String.raw`(?: +\S+){0,3}? +(?:nanti|menyusul|di ?sana|disana|setelah +(?:sampai|tiba|berangkat)|sesampainya|setibanya)\b`;
/** Official overseas placement or a signed contract (a negated "tanpa kontrak" does not count). */
export const OFFICIAL_OVERSEAS = String.raw`(?<!(?:tanpa|tidak ada|tdk ada|gak ada|ga ada|gk ada|tidak perlu|gak perlu|ga perlu|belum ada|tidak pakai|gak pakai) +(?:surat +)?)\b(?:kontrak|perjanjian +kerja)\b(?!${LATER})|\b(?:p3mi|bp2mi|kp2mi|bp3mi|ltsa|disnaker|pptkis|pjtki|siskop2mi|eps|g ?to ?g|government +to +government)\b`;

// ── Masks: "no fee" phrases and warning sentences ───────────────────────────

/** The rest of a clause, stopping at "tapi", "kecuali", "hanya"... (a scam often follows them). */
export const CLAUSE_TAIL = String.raw`(?:(?!\b(?:tapi|tetapi|namun|kecuali|hanya|cuma|cukup|selain|tinggal|cm|tp|wajib|harus)\b)(?:[^\n.,;!?]|[.,](?=\S)))*`;

/** Phrases that say there is no fee; blanked out before the fee patterns run. */
export const NO_FEE = [
  // "tidak dipungut biaya", "tanpa biaya", "bebas biaya", "gak perlu bayar", "tidak ada biaya apapun"
  re(
    String.raw`\b(?:tidak|tdk|tanpa|bebas|gak|ga|gk|nggak|ngga|enggak|tak|zero|free|gratis|bukan|non)\b +(?:(?:ada|di|dipungut|dikenakan|dikenai|dibebani|dibebankan|membebani|dimintai|diminta|meminta|memungut|menarik|ditarik|perlu|usah|pakai|pake|sama|sekali|keluar|mengeluarkan|pernah|akan|ada) +){0,3}(?:biaya|bayar|membayar|pungutan|pungut|dipungut|pungli|fee|charge|cost|uang|dana|pembayaran|sepeser|serupiah)\b` +
      CLAUSE_TAIL,
  ),
  // "biaya pelatihan ditanggung perusahaan", "biaya transport & penginapan gratis", "biaya: Rp0"
  re(
    String.raw`\b(?:biaya|ongkos|uang|fee|pungutan)\b +(?:(?:[^\s,\d]+|100%) +){0,4}?(?:gratis|free|ditanggung(?! +(?:oleh +)?(?:pelamar|peserta|calon|sendiri|karyawan|pekerja))|dibayar(?:kan|i|in)? +(?:oleh +)?(?:perusahaan|pt|kantor|majikan|pemberi kerja)|disubsidi|digratiskan|diganti +(?:oleh +)?perusahaan|dibebankan +(?:kepada +|ke +|pada +)?(?:pemberi kerja|perusahaan|majikan|employer)|reimburse|direimburse|nol|rp\.? ?0(?![\d.,]))\b`,
  ),
  // "perusahaan menanggung biaya ..."
  re(String.raw`\b(?:menanggung|mengganti|mensubsidi|membiayai|menggratiskan)\b +(?:\S+ +){0,2}?(?:biaya|ongkos|uang)\b` + CLAUSE_TAIL),
];

/** Sentences that warn about scams ("waspada penipuan", "kami tidak pernah meminta biaya"). */
export const WARNING = once(
  String.raw`\b(?:waspada|waspadai|waspadalah|hati[- ]?hati|hati2|modus|mengatasnamakan|oknum|abaikan|(?<!(?:bukan|anti|no|tidak|bkn) )(?:penipuan|penipu|hoax|hoaks)|(?:tidak|bukan|tanpa) +(?:lewat|melalui|via) +(?:calo|perorangan|perseorangan|individu|sponsor)|tidak +pernah +(?:\S+ +)?(?:meminta|memungut|menarik|melakukan|menggunakan|memakai|menghubungi|mengirim)|jangan +(?:mudah +)?(?:percaya|tertipu|transfer|mentransfer|memberikan|berikan|kirim|mengirim|membayar|bayar))\b`,
);
export const HAS_AMOUNT = once(AMOUNT);

export function warningRanges(text: string): Array<[number, number]> {
  return sentenceRanges(text).filter(([s, e]) => {
    const sentence = text.slice(s, e);
    // a "warning" that names an amount is part of the scam ("hanya biaya admin resmi 100rb")
    return WARNING.test(sentence) && !HAS_AMOUNT.test(sentence);
  });
}

export function matchRanges(text: string, patterns: RegExp[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const p of patterns) for (const m of text.matchAll(p)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export const CHAT_OR_PHONE = String.raw`\b(?:${CHAN}|admin|nomor ini|no ini|nomor di atas|nomor berikut)\b|wa\.me|t\.me|(?:\+?62|\b0)8[\dx]{2}`;
// A company email is a formal channel; a free-mail address is not (that is a red flag of its own).
export const FORMAL_CHANNEL = String.raw`@(?!(?:gmail|googlemail|yahoo|ymail|outlook|hotmail|live|icloud|proton|protonmail|aol|gmx)\.)[a-z0-9-]+\.|\be-?mail\b|\bkantor pos\b|\bdiantar\b|\b(?:bawa|membawa)\b`;
/** Work made of like/subscribe/review "tasks". */
export const TASK = String.raw`\b(?:like|likes|subscribe|subscriber|subs|follow|follower|followers|review|ulasan|rating|bintang 5|tugas|misi|task|klik iklan|nonton|menonton|tonton|komisi|optimasi|boost|affiliate|afiliasi)\b`;
/** A clause about wages ("gaji ditransfer ke rekening") is not a fee. */
export const WAGE_CLAUSE = String.raw`\b(?:gaji|gajian|upah|komisi|dibayar|digaji|honor|insentif|bonus|thr)\b`;

/** Official overseas placement: an "extreme pay" offer that names it is not judged on one weak sign. */
export const OFFICIAL_OVERSEAS_RE = once(OFFICIAL_OVERSEAS);

// ── Building blocks: {name} or {name:N} inside a content pattern ────────────

/** The building blocks content patterns may use, with what each means (docs/aturan-penipuan.md lists them). */
export const SCAM_BLOCKS: Record<string, { about: string; source: string | ((n: number) => string) }> = {
  jumlah: { about: 'a sum of money: "Rp 150.000", "150rb", "2,5jt", "300k"', source: AMOUNT },
  gaji: { about: "words of pay the seeker receives (gaji, upah, komisi, bonus...)", source: PAY },
  celah: { about: "{celah:N}: up to N words of any kind", source: gap },
  celah_tanpa_gaji: { about: "{celah_tanpa_gaji:N}: up to N words, none of them a pay word", source: gapNoPay },
  tujuan_biaya: { about: "stages of recruitment a scammer charges for (pendaftaran, seragam, medical...)", source: FEE_PURPOSE },
  logistik: { about: "travel and lodging (transport, tiket, mess, penginapan...)", source: LOGISTICS },
  kanal: { about: "chat channels (wa, whatsapp, telegram, dm, japri...)", source: CHAN },
  dok_id: { about: "identity documents (ktp, npwp, kartu keluarga, kk)", source: ID_DOC },
  negasi: { about: "negating words (tidak, bukan, tanpa, jangan, waspada...)", source: NEGATION },
  luar_negeri: { about: "work abroad or a foreign country", source: OVERSEAS },
  resmi_ln: { about: "official overseas placement (P3MI, KP2MI, BP2MI, LTSA, Disnaker) or a work contract", source: OFFICIAL_OVERSEAS },
  kontrak_nanti: { about: 'a contract promised only later ("nanti", "setelah sampai")', source: LATER },
  chat_atau_nomor: { about: "a chat app, an admin or a phone number", source: CHAT_OR_PHONE },
  jalur_formal: { about: "a company e-mail, the post or delivery in person", source: FORMAL_CHANNEL },
  tugas: { about: "like/subscribe/review tasks", source: TASK },
  kalimat_gaji: { about: "a clause about wages (gaji, upah, dibayar...)", source: WAGE_CLAUSE },
};

export const BLOCK = /\{([a-z_]+)(?::(\d{1,2}))?\}/g;

/** A content pattern with its {building blocks} replaced by regular-expression source. Throws on an unknown block. */
export function expandScamPattern(source: string): string {
  return source.replace(BLOCK, (whole, name: string, n: string | undefined) => {
    const block = SCAM_BLOCKS[name];
    if (!block) throw new Error(`unknown building block ${whole}; known: ${Object.keys(SCAM_BLOCKS).map((k) => `{${k}}`).join(", ")}`);
    if (typeof block.source === "function") {
      if (n === undefined) throw new Error(`the building block {${name}} needs a number of words, like {${name}:2}`);
      return `(?:${block.source(Number(n))})`;
    }
    if (n !== undefined) throw new Error(`the building block {${name}} takes no number`);
    return `(?:${block.source})`;
  });
}
