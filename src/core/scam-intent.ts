/**
 * Scams described in free text (issue 13): a message typed outside the scam-check flow that tells of a
 * recruitment with red flags ("HRD-nya minta uang 2 juta sebelum berangkat", "interview cuma lewat WA") is
 * answered with the scam check of that very text, not with the generic guide or "belum paham".
 * A question about scams in general ("gimana cara tahu lowongan palsu?") and a question about what an
 * official service costs ("biaya pelatihan kerja di BLK berapa?") are not descriptions: they go to the router.
 * Pure and offline: the same detector as the scam check (content/penipuan/), on the normalised text.
 */
import { detectFlags, type ScamFlag, type ScamRules } from "./scam.ts";

/** Lower case, letters and digits, single spaces (the detector keeps its own normalisation). */
function plain(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9@.\-]+/g, " ")
    .trim();
}

/** A recruitment or a job offer: the red flags are about getting work (Indonesian and Javanese). */
const RECRUITMENT = new RegExp(
  String.raw`\b(?:lowongan\w*|loker|lowker|kerja|kerjaan|kerjanya|pekerjaan|bekerja|nyambut +gawe|nyambut +damel|padamelan|pedamelan|gawe|gawean|penggawean|rekrut\w*|recruit\w*|hrd\w*|hr|perekrut\w*|rekruter|interview\w*|wawancara\w*|melamar|ngelamar|lamaran\w*|pelamar|diterima|lolos|seleksi\w*|psikotes|calon +(?:karyawan|pekerja|tki|pmi)|karyawan|pegawai|penyalur|agen|agensi|sponsor|calo|tekong|tki|tkw|pmi|penempatan|diberangkatkan|berangkat\w*|gaji\w*|bayaran|job|jobdesk|part ?time|freelance|magang|spg|talent|casting|pabrik|perusahaan|pt|vacancy|tugas|misi|komisi|member|anggota|majikan|payroll|pendaftaran|registrasi|formulir)\b`,
);

/** Words that make it the seeker's own case: a person, a time, something that happened. */
const OWN_CASE = new RegExp(
  String.raw`\b(?:aku|saya|sy|gue|gw|ane|kulo|kula|dalem|tadi|barusan|kemarin|kemaren|wingi|ini|iki|niki|punika|katanya|jarene|ngaku|mengaku|disuruh|nyuruh|diminta|dimintai|dimintain|dijaluk\w*|dikon\w*|ditawari\w*|ditawarin|nawarin|nawari|menawarkan|tawaran|temenku|temanku|kancaku|adikku|kakakku|anakku|tanggaku|tetangga|sodaraku|saudaraku|dia|deweke|wonge|orangnya|hrdnya|hrd-nya)\b`,
);

/** A general question about scams or about what something costs. */
const GENERAL_QUESTION = new RegExp(
  String.raw`\b(?:cara|caranya|carane|ciri|ciri2|ciri-ciri|cirinya|cirine|tanda|tanda-tanda|tips|takut|khawatir|kuatir|wedi|bahaya|bahayanya|risiko|resiko|jelasin|jelaskan|terangkan|gimana|bagaimana|piye|pripun|kenapa|mengapa|apa +itu|apakah|modus|contoh|kalau|kalo|nek|jika|misal|misalnya|berapa|brp|pira|piro|pinten|bayar +(?:gak|nggak|ga|tidak|ora|ndak|apa|opo)|gratis +(?:gak|nggak|ga|tidak|ora|ndak|apa|opo|kah)|ada +biaya\w*)\b`,
);

/** "lowongan yang minta biaya", "loker sing njaluk duit": any vacancy of a kind, not one the seeker met. */
const GENERIC_KIND = new RegExp(
  String.raw`\b(?:lowongan|loker|lowker|perusahaan|kerjaan|pekerjaan|perekrut|hrd|agen|sponsor) +(?:yang|yg|sing|ingkang|kang) +(?:\S+ +){0,1}?(?:minta|meminta|mintain|njaluk|nyuwun|nyuruh|menyuruh|narik|menarik|memungut|pakai|pake|memakai|nganggo|cuma|hanya|wajib|harus|kudu|suka)\b`,
);

/** A sum, an address or a number: something concrete the seeker was told. */
const CONCRETE = /\d|@|\b[a-z0-9-]+\.(?:com|id|net|org|site|xyz|ly|me)\b/;

/**
 * The red flags of a free-text message that describes a recruitment, or undefined when it does not:
 * it needs a recruitment context and at least one flag, and it must not be a general question
 * (a question word with nothing of the seeker's own case and nothing concrete in it).
 */
export function describedScam(text: string, rules: ScamRules): ScamFlag[] | undefined {
  const words = plain(text);
  if (!RECRUITMENT.test(words)) return undefined;
  const flags = detectFlags(text, rules);
  if (flags.length === 0) return undefined;
  if ((GENERAL_QUESTION.test(words) || GENERIC_KIND.test(words)) && !OWN_CASE.test(words) && !CONCRETE.test(words)) return undefined;
  return flags;
}
