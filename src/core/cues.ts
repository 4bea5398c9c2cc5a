/**
 * Compositional cues: combinations of words that name a topic although no single word does. A fee asked for by a
 * recruiter is a scam question (`cek-lowongan`) whatever else the story says; "my chat" with "who reads it" is a
 * privacy question; a boss who shouts is workplace conduct (`tips-kerja`); "what work suits me" is self-discovery.
 * Each cue needs every one of its word groups in the message (normalised text, whole words); a cue never wins
 * alone against strong keywords of another topic, it adds evidence (CUE weights) the router scores with the rest.
 */
import type { TopicId } from "./topics.ts";

/** One cue the message matched: the topic it points to and how much evidence it adds. */
export interface Cue {
  name: string;
  topic: TopicId;
  weight: number;
}

interface CueRule {
  name: string;
  topic: TopicId;
  weight: number;
  /** every group must match somewhere in the message */
  all: RegExp[];
  /** none of these may match */
  none?: RegExp;
}

const w = (alternatives: string) => new RegExp(`\\b(?:${alternatives})\\b`);

/** Strong evidence: as much as a one-word keyword with a high IDF, several times over. */
const STRONG = 10;
/** Decisive evidence: a combination that settles the sense of another topic's keyword ("judi online" in a job offer). */
const DECISIVE = 15;
/** Moderate evidence: enough to settle a message with no keyword, not to overturn a clear one. */
const MODERATE = 6;

const RECRUITMENT =
  "lowongan|loker|lowker|kerja|kerjo|kerjaan|gawean|lamar|lamaran|ngelamar|melamar|nglamar|hrd|rekrut|rekrutmen|perekrut|recruiter|" +
  "diterima|lolos|seragam|penempatan|orang dalam|tes kerja|interview|wawancara|pabrik|sponsor|calo|berangkat|agen|training|magang|" +
  "pt|perusahaan|karyawan|freelance|part time|kerja sampingan|job";
const FEE = "bayar|membayar|dibayar|mbayar|biaya|uang|duit|duwit|dhuwit|setor|setoran|deposit|dp|jaminan|tebus|ongkos|administrasi|pendaftaran";
const MONEY_MOVED = "transfer|transfe|tf|trf|setor|deposit|topup|top up|isi saldo";
const ASKED = "minta|diminta|dimintai|njaluk|nyuwun|suruh|disuruh|nyuruh|dikon|asal|ditarik|narik|harus bayar|wajib bayar|kudu bayar|bayar dulu|dulu bayar";

/** Losing or leaving a job: "kena PHK", "kontrakku habis", "habis kontrak gak diperpanjang", "sampun mboten nyambut damel". */
const JOB_LOSS =
  "phk|di phk|resign|dipecat|berhenti kerja|berhenti bekerja|keluar kerja|metu kerja|leren kerja|diberhentikan|habis kontrak|" +
  "kontrak(?:ku|ne|nya|e)? (?:habis|selesai|entek|rampung|berakhir|wis entek)|(?:tidak|gak|ga|nggak|ora|mboten) diperpanjang|" +
  "(?:sudah|udah|wis|sampun) (?:tidak|gak|ga|nggak|ora|mboten) (?:kerja|kerjo|bekerja)";

const COUNTRIES =
  "jepang|korea|korsel|taiwan|hongkong|hong kong|malaysia|singapura|brunei|arab|saudi|arab saudi|dubai|qatar|kuwait|turki|jerman|polandia|eropa|australia|selandia baru";

const RULES: CueRule[] = [
  {
    name: "fee asked by a recruiter",
    topic: "cek-lowongan",
    weight: STRONG,
    all: [w(FEE), w(ASKED), w(RECRUITMENT)],
  },
  {
    name: "money sent to a recruiter",
    topic: "cek-lowongan",
    weight: STRONG,
    all: [w(MONEY_MOVED), w(RECRUITMENT)],
    none: w("gaji|gajiku|gajine|thr|pesangon|upah|jht|klaim"),
  },
  {
    name: "paid membership for work",
    topic: "cek-lowongan",
    weight: STRONG,
    all: [w("member|membership|premium|vip|langganan"), w(`${FEE}|rb|ribu|juta|jt|\\d+ ?(?:rb|k|ribu)`), w(RECRUITMENT)],
  },
  {
    name: "codes or bank details asked in a recruitment",
    topic: "cek-lowongan",
    weight: STRONG,
    all: [w("otp|kode otp|kode verifikasi|pin|cvv|password|kata sandi|nomor rekening|no rekening|rekening|selfie ktp|foto ktp|m banking|mbanking|kartu atm"), w(RECRUITMENT)],
  },
  {
    name: "intimate photos asked in a recruitment",
    topic: "cek-lowongan",
    weight: STRONG,
    all: [w("baju dalam|pakaian dalam|celana dalam|bh|telanjang|bugil|body checking|video badan|foto badan|foto seksi|video seksi|lingerie|bikini"), w(`${RECRUITMENT}|minta|disuruh|nyuruh`)],
  },
  {
    name: "interview held only in a private chat",
    topic: "cek-lowongan",
    weight: MODERATE,
    all: [w("interview|wawancara|tes"), w("lewat|via|cuma|hanya|mung|pakai|pake|nang|di"), w("chat|chatting|wa|whatsapp|telegram|dm|inbox|japri")],
    none: w("zoom|google meet|gmeet|video call|vidcall|tips|persiapan|siapkan|baju|pakaian"),
  },
  {
    name: "free-mail recruiter",
    topic: "cek-lowongan",
    weight: MODERATE,
    all: [w("gmail|yahoo|ymail|hotmail|outlook"), w(RECRUITMENT)],
  },
  {
    name: "paid tasks that ask for a deposit",
    topic: "cek-lowongan",
    weight: MODERATE,
    all: [w("like|follow|subscribe|rating|review|kasih bintang|bintang lima|tugas|task|misi"), w("komisi|per hari|sehari|gaji|freelance|kerja|deposit|saldo|modal")],
    none: w("tugas sekolah|pr|guru|kantor|atasan|bos|senior"),
  },
  {
    name: "who sees or deletes my data",
    topic: "privasi",
    weight: MODERATE,
    all: [
      w("data|dataku|chat|chatku|obrolan|obrolanku|pesan|pesanku|pesen|pesenku|nomor|nomorku|nomer|nomerku|percakapan|cerita|ceritaku|curhat|curhatan|riwayat|identitas"),
      w("saya|aku|ku|kulo|kula|gue|gw|sy|q|dataku|chatku|obrolanku|pesanku|pesenku|nomorku|nomerku|ceritaku|iki|ini|kene|sini"),
      w(
        "siapa|sopo|sinten|dibaca|diwaca|diwoco|dimoco|moco|baca|dilihat|lihat|ndelok|hapus|dihapus|hapuskan|diilangi|ilangi|busak|dibusak|bocor|dikasih|dikasihkan|" +
          "diberikan|dibagikan|disebar|disebarkan|dijual|rahasia|aman|disimpan|simpan|dipakai|digunakan|dikirim|admin|petugas",
      ),
    ],
    none: w("pinjol|pinjaman|dc|debt collector|teror|lowongan|loker|lamaran|cv|hrd|perekrut|otp|ktp"),
  },
  {
    name: "who reads what I write here",
    topic: "privasi",
    weight: STRONG,
    all: [
      w("chat|chatku|chate|obrolan|obrolanku|obrolane|pesan|pesanku|pesen|pesenku|percakapan|curhatan|curhatanku|ceritaku|data|dataku|datane|nik|nik ku|nikku"),
      w("dibaca|diwaca|diwoco|dimoco|diwaos|dilihat|diintip|sopo|siapa|sinten|ndelok|delok|weruh|dikasih|diberikan|dibagikan|disebar|disimpen|disimpan"),
    ],
    none: w("pinjol|pinjaman|dc|debt collector|lowongan|loker|lamaran|hrd|perekrut|otp|bos|atasan|majikan|wawancara|interview"),
  },
  {
    name: "the bot keeps or knows what I told it",
    topic: "privasi",
    weight: DECISIVE,
    all: [
      w("bot|botnya|binjol|sistem|sistemnya|kalian|sini|kene|admin|min|aplikasi ini|layanan ini"),
      w("tau|tahu|ngerti|inget|ingat|kelingan|nyimpen|nyimpan|disimpen|disimpan|menyimpan|simpan|direkam|merekam|rekam|dicatat|nyatet|catat|ngrekam"),
      w("nanya|tanya|takon|chat|chatku|data|dataku|pesan|pesanku|riwayat|cerita|ceritaku|curhat|omongan|obrolan|ngadu|pernah"),
    ],
  },
  {
    name: "my data deleted from the system",
    topic: "privasi",
    weight: STRONG,
    all: [w("data|dataku|datane|data data|riwayat|chat|chatku|obrolan|percakapan"), w("hapus|dihapus|hapuskan|busak|dibusak|diilangi|ilangi|delete|didelete|musnahkan|dimusnahkan")],
    none: w("lowongan|loker|cv|hrd|perekrut"),
  },
  {
    name: "someone finds out I talked here",
    topic: "privasi",
    weight: MODERATE,
    all: [
      w("bos|bosnya|bosku|atasan|atasanku|perusahaan|kantor|hrd|majikan|mandor|orang lain|keluarga|pihak lain"),
      w("tau|tahu|ngerti|weruh|ketahuan|dikasih tau|dikabari|dilaporkan"),
      w("ngadu|mengadu|cerita|curhat|lapor|melapor|nanya|chat|di sini|disini|nang kene|ning kene"),
    ],
    none: w("lowongan|loker|otp|ktp"),
  },
  {
    name: "back from working abroad",
    topic: "pmi-purna",
    weight: STRONG,
    all: [
      w("pulang|mulih|balik|wangsul|purna|mantan|eks|bekas|tabungan|tabunganku|hasil kerja|hasil kerjo|modal"),
      w(`${COUNTRIES}|luar negeri|ln|pekerja migran|tki|tkw|pmi|agensi|agency|majikan`),
    ],
    none: w("mau berangkat|arep budhal|arep mangkat|ingin berangkat|pengen berangkat|sebelum berangkat|calon"),
  },
  {
    name: "a job-loss claim on BPJS",
    topic: "klaim-bpjs",
    weight: STRONG,
    all: [
      w(JOB_LOSS),
      w("bpjs|jht|jamsostek|jkp|bpjamsostek"),
    ],
  },
  {
    name: "money from BPJS after a job loss",
    topic: "klaim-bpjs",
    weight: STRONG,
    all: [w(JOB_LOSS), w("bpjs|jht|jamsostek|jkp|bpjamsostek"), w("uang|duit|dapat|dapet|entuk|cair|dicairkan|pencairan|klaim|ambil|diambil|mendhet|mundhut|tunjangan|tiap bulan|ngurus|ngurusnya|urus")],
    none: w("pesangon|tidak didaftarkan|gak didaftarkan|ga didaftarkan|ora didaftarke|tidak dibayar"),
  },
  {
    name: "a vacancy too good to be true",
    topic: "cek-lowongan",
    weight: STRONG,
    all: [
      w("lowongan|loker|lowker|kerja|kerjaan|tawaran"),
      w("masuk akal|wajar|normal|beneran|asli|nyata|real|aman|percaya|curiga|aneh|janggal|penipuan|nipu|tipu"),
      w("\\d+ ?(?:juta|jt)|gaji gede|gaji besar|gaji tinggi|tanpa pengalaman|tidak butuh pengalaman|ga butuh pengalaman|gak butuh pengalaman|kerja dari rumah|wfh"),
    ],
    none: w("umk|ump|upah minimum"),
  },
  {
    name: "weekly vacancy news",
    topic: "profil",
    weight: STRONG,
    all: [w("lowongan|loker|lowker|info kerja"), w("tiap minggu|setiap minggu|mingguan|saben minggu|seminggu sekali|dikirimi|dikirimin|langganan|notifikasi|pemberitahuan|berhenti|stop|berhentiin|berhentiinnya")],
    none: w("bayar|biaya|member|premium|vip|deposit"),
  },
  {
    name: "becoming a migrant worker",
    topic: "kerja-luar-negeri",
    weight: STRONG,
    all: [w("(?:jadi|dadi|dados|daftar|mendaftar|berangkat|calon) (?:pmi|tki|tkw|pekerja migran|buruh migran)|cpmi")],
    none: w("pulang|mulih|mantan|purna|balik|wis mulih|sudah pulang|bekas|eks|wangsul"),
  },
  {
    name: "going to work in another country",
    topic: "kerja-luar-negeri",
    weight: MODERATE,
    all: [
      w("kerja|kerjo|bekerja|berangkat|budhal|mangkat|daftar|jadi tki|jadi tkw|jadi pmi|magang|pengen|ingin|arep|boleh|bisa"),
      /\b(?:ke|nang|neng|menyang|dateng|mrono|di)\s+(?:jepang|korea|korsel|taiwan|hongkong|hong kong|malaysia|singapura|brunei|arab|saudi|arab saudi|dubai|qatar|kuwait|turki|jerman|polandia|eropa|australia|selandia baru|luar negeri|ln)\b/,
    ],
    none: w("pulang|mulih|mantan|purna|balik|wis mulih|sudah pulang|bekas tki|eks|tabungan|hasil kerja|hasil kerjo|usaha"),
  },
  {
    name: "a job at a gambling or scam site",
    topic: "cek-lowongan",
    weight: DECISIVE,
    all: [
      w("judi|judol|slot|gacor|casino|kasino|togel|betting|sabung|scam|scammer|online scam|penipuan online"),
      w(`${RECRUITMENT}|ditawari|ditawarin|tawaran|nawari|nawarin|admin|operator|gaji|digaji|gajine|bayaran`),
    ],
  },
  {
    name: "a vacancy text to be checked",
    topic: "cek-lowongan",
    weight: MODERATE,
    all: [w("dicek|dicekin|dicekkan|diperiksa|dicek dulu|diverifikasi|cekin"), w("lowongan|loker|lowker|teks|tulisan|poster|brosur|info kerja|tawaran|pesan|chat")],
  },
  {
    name: "a health or driving paper for work",
    topic: "dokumen-kerja",
    weight: MODERATE,
    all: [
      w("butuh|perlu|syarat|syarate|wajib|harus|kudu|pakai|pake|bikin|gawe|urus|ngurus|tes|dites|cek|dimana|mana|endi"),
      w("sim|sim a|sim c|sim b1|surat sehat|surat keterangan sehat|keterangan sehat|buta warna|tes kesehatan|cek kesehatan|bebas narkoba|tes narkoba|medical check up|mcu"),
    ],
    none: w("disabilitas|difabel|tunanetra|tuli|kursi roda"),
  },
  {
    name: "conduct at work",
    topic: "tips-kerja",
    weight: MODERATE,
    all: [
      w("atasan|atasanku|bos|bosku|senior|seniorku|rekan kerja|teman kerja|temen kerja|temen kantor|temennya|temanku|kolega|mandor|supervisor|spv|leader|manajer|majikan"),
      w("marah|marahi|dimarahi|nyuruh|suruh|cuek|galak|bully|dibully|toxic|betah|nyindir|gosip|konflik|menegur|ditegur|jutek|sikap|nyikapi|nyikapinya|menyikapi|iri|fitnah|sungkan|akrab|adaptasi"),
    ],
    none: w("jam|lembur|gaji|upah|thr|phk|pesangon|dipotong|potong|cuti|kontrak|bpjs|hongkong|taiwan|malaysia|pulang"),
  },
  {
    name: "habits at work (phone, lateness, leave)",
    topic: "tips-kerja",
    weight: MODERATE,
    all: [
      w("main hp|main handphone|pegang hp|hpan|main game|main sosmed|ngerokok|merokok|tidur|telat masuk|terlambat masuk|sering telat|sering terlambat|izin|ijin|bolos|absen"),
      w("jam kerja|pas kerja|saat kerja|waktu kerja|kerja|kantor|pabrik|shift|masuk kerja"),
    ],
    none: w("gaji|upah|thr|lembur|phk|pesangon|dipotong|cuti melahirkan|cuti hamil|izin usaha|izin tinggal|izin kerja|ijin kerja|visa|surat izin|sim|lowongan|loker"),
  },
  {
    name: "what work suits me",
    topic: "potensi-diri",
    weight: MODERATE,
    all: [
      w("cocok|cocoke|cocokipun|pas|sesuai|bakat|minat|passion|hobi|hobiku|senengane|seneng|suka|kepribadian|pendiam|introvert|ekstrovert|kelebihan|kemampuanku"),
      w("kerja|kerjo|pekerjaan|kerjaan|gawean|profesi|bidang|karier|karir|nyambut damel|bekerja"),
    ],
    none: w("lowongan|loker|lowker|profil|pelatihan|kursus|daftar|gaji|umk"),
  },
  {
    name: "someone to talk to about how I feel",
    topic: "konselor",
    // the wish to talk settles it over the job words of the story ("ditolak terus", "nganggur")
    weight: DECISIVE,
    all: [
      w("stres|stress|setres|depresi|putus asa|frustasi|frustrasi|tertekan|sedih|down|minder|insecure|capek mental|lelah mental|bingung banget|ora kuat|gak kuat|nggak kuat|tidak kuat"),
      w("curhat|cerita|crita|ngobrol|ngobrol sama|ngomong|bicara|didengar|dengerin|teman bicara|temen ngobrol|konsultasi|diskusi|wong|orang|manusia"),
    ],
    none: w("hrd|atasan|bos|atasanku|bosku|pinjol|utang|hutang|galbay"),
  },
  {
    name: "what the world of work is like",
    topic: "dunia-kerja",
    weight: MODERATE,
    all: [
      w("dunia kerja|kerja kantoran|kantoran|kerja kantor|kerja pabrik|kerja di pabrik|kerja shift|sektor|bidang apa|bidang pekerjaan"),
      w("bedanya|beda|bedane|perbedaan|seperti apa|kayak apa|kaya apa|koyo opo|kados pundi|gimana sih|piye to|paling banyak|mayoritas|kebanyakan|gambaran"),
    ],
    none: w("lowongan|loker|lowker|daftar|lamar|lamaran|pelatihan|kursus"),
  },
  {
    name: "many applications, no call",
    topic: "tips-kerja",
    weight: MODERATE,
    all: [w("ditolak|gagal|nyantol|dipanggil|panggilan|ketrima|diterima"), w("lamar|ngelamar|melamar|nglamar|lamaran|apply"), w("kali|ping|terus|selalu|berkali|sering|puluhan|\\d+")],
    none: w("cv|surat lamaran|psikotes|interview|wawancara"),
  },
];

/**
 * Questions about the service itself ("baru pertama pake bot ini", "niki leres BINJOL?", "pilihan layanannya apa
 * aja?"): the menu answers them. A question for the choices counts only when it names no topic ("pilihan pelatihan
 * apa aja" is the training guide's, "layanan disnaker apa aja" the office's).
 */
const ABOUT_THE_SERVICE: RegExp[] = [
  /\b(?:pertama|perdana)(?: kali)? (?:pake|pakai|nyoba|coba|mencoba|gabung|chat|ngechat|nganggo|ngangge) (?:bot|binjol|ini|iki|niki|aplikasi|layanan)\b/,
  /\b(?:ini|iki|niki|punika) (?:leres|benar|bener|beneran|tenan) (?:binjol|bot|layanan)\b/,
  /\b(?:bot|binjol) (?:ini|iki|niki) (?:bisa|iso|saged) (?:apa|opo|ngapain|menapa)\b/,
];
const ASKS_FOR_CHOICES =
  /\b(?:layanan|layanannya|layanane|fitur|fiturnya|fiture|menunya|menune|pilihan|pilihannya|pilihane)\b.*\b(?:apa|opo|menapa|punapa) (?:saja|aja|wae|mawon|kemawon)\b/;
const NAMES_A_TOPIC = w(
  "loker|lowongan|lowker|pelatihan|kursus|blk|cv|lamaran|wawancara|interview|psikotes|ak1|kartu kuning|bpjs|jht|umk|gaji|pinjol|penipuan|konselor|profil|bkk|skck|disabilitas|disnaker|kantor",
);

/** True when a normalised message asks what the service offers or whether this is the service: the menu is the answer. */
export function asksAboutService(normalised: string): boolean {
  return ABOUT_THE_SERVICE.some((re) => re.test(normalised)) || (ASKS_FOR_CHOICES.test(normalised) && !NAMES_A_TOPIC.test(normalised));
}

/** The cues a normalised message matches, strongest first. Pure and cheap: a dozen regular expressions. */
export function cuesOf(normalised: string): Cue[] {
  const out: Cue[] = [];
  for (const rule of RULES) {
    if (rule.none?.test(normalised)) continue;
    if (rule.all.every((re) => re.test(normalised))) out.push({ name: rule.name, topic: rule.topic, weight: rule.weight });
  }
  return out.sort((a, b) => b.weight - a.weight);
}
