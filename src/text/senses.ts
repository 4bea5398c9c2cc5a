/**
 * Job words used in another sense: a football "kartu kuning", "lowongan di hatimu", a child's homework about
 * professions, a "CV" that is a business entity, a wedding "lamaran", a sports "pelatih", community "kerja bakti".
 * Each rule pairs the job word with words of the other sense; both must occur in the (normalised) message.
 * Messages that match are out of scope (`unknown`), however strongly the job word names a topic.
 */

interface SenseRule {
  /** what the rule recognises, for tests and logs */
  name: string;
  /** the job word(s), whole words of the normalised text */
  word: RegExp;
  /** words of the other sense anywhere in the message */
  context: RegExp;
}

const w = (alternatives: string) => new RegExp(`\\b(?:${alternatives})\\b`);

const RULES: SenseRule[] = [
  {
    name: "football card",
    word: w("kartu (?:kuning|merah)"),
    context: w("wasit|pemain|pertandingan|bola|sepak ?bola|futsal|liga|gol|timnas|pelanggaran|main|laga|klub|persebaya|arema|akumulasi|diusir|offside|kartu merah|skors|diskors|akumulasi kartu|red card|yellow card"),
  },
  {
    name: "vacancy in a heart",
    word: w("lowongan|loker|lowker"),
    context: w("hati|hatimu|hatiku|hatine|atimu|atiku|pacar|jodoh|cinta|gebetan|jomblo|jomlo|mantan|sayang|kekasih|pasangan hidup"),
  },
  {
    name: "homework",
    word: w("pr|tugas sekolah|tugas guru|pekerjaan rumah|prakarya|tugas anakku|tugas anak saya|disuruh guru|tugas dari guru"),
    context: w("profesi|pekerjaan|kerja|cita cita|alat|karangan|contoh|sebutkan|nyebutin|gambar|menggambar|mewarnai|anak|anakku|sd|tk"),
  },
  {
    name: "business entity",
    word: w("cv"),
    context: w("mendirikan|pendirian|dirikan|akta|notaris|badan usaha|usaha|firma|pt atau cv|npwp badan|modal|komanditer|perseroan"),
  },
  {
    name: "marriage proposal",
    word: w("lamaran|melamar|ngelamar|nglamar|lamar"),
    context: w("nikah|menikah|pernikahan|mantenan|manten|tunangan|seserahan|calon istri|calon suami|mertua|pacar|pacarku|cincin|kawin|rabi|resepsi|besan"),
  },
  {
    name: "sports coach",
    word: w("pelatih|melatih|latihan"),
    context: w("ssb|sepak ?bola|bola|futsal|renang|badminton|bulu tangkis|voli|basket|gym|fitness|karate|silat|taekwondo|senam|catur"),
  },
  {
    name: "community or school work",
    word: w("kerja bakti|kerja kelompok|gotong royong|bakti sosial|kerja rodi"),
    context: /./,
  },
  {
    name: "recipe",
    word: w("resep"),
    context: w("masak|masakan|sambel|sambal|kue|nasi|goreng|bumbu|dokter|obat|apotek|menu|makanan|minuman|pecel|soto|rawon"),
  },
  {
    name: "weather forecast",
    word: w("potensi|prakiraan|perkiraan"),
    context: w("hujan|cuaca|banjir|gempa|angin kencang|petir|badai|longsor|kemarau|mendung|gerimis|bmkg|suhu|tsunami|erupsi"),
  },
  {
    name: "interview in the news",
    word: w("interview|wawancara|diwawancarai|diinterview"),
    context: w("artis|selebriti|seleb|aktor|aktris|penyanyi|idol|kpop|k pop|drakor|presiden|menteri|gubernur|bupati|pejabat|youtuber|podcast|wartawan|jurnalis|pemain bola|atlet"),
  },
  {
    name: "interview for a school assignment",
    word: w("interview|wawancara|wawancarai|mewawancarai|diwawancarai|narasumber"),
    context: w("tugas sekolah|tugas dari guru|disuruh guru|tugas kelompok|tugas bahasa(?: indonesia)?|teks wawancara|laporan wawancara|tugas kuliah|tugas kampus|pr"),
  },
  {
    name: "opening hours of a place to visit",
    word: w("buka|tutup|jam buka|bukak|bikak"),
    context: w("makam|wisata|museum|pantai|candi|kebun binatang|bioskop|mall|mal|kolam renang|taman kota|perpustakaan|alun alun|pasar malam|tempat ibadah|masjid|gereja|klenteng"),
  },
  {
    name: "a village, school or social-media profile",
    word: w("profil|profile|profilnya|profile e"),
    context: w("desa|kelurahan|dusun|sekolah|wisata|instagram|ig|facebook|fb|tiktok|twitter|foto profil|pp|status wa|story"),
  },
  {
    name: "privacy settings of a social-media account",
    word: w("privasi|privacy|private|privat"),
    context: w("instagram|ig|story|close friend|close friends|facebook|fb|tiktok|twitter|snapgram|status wa|akun ig|followers|pengikut"),
  },
  {
    name: "a sports club's recruitment",
    word: w("rekrutmen|rekrut|seleksi|pendaftaran|lowongan|loker"),
    context: w("klub (?:sepak ?bola|bola|futsal|voli|basket)|ssb|sekolah sepak ?bola|pemain (?:bola|futsal)|u ?1[0-9]|tim (?:bola|futsal)|timnas"),
  },
  {
    name: "missing a loved one who works elsewhere",
    word: w("kangen|rindu|kangenan|ldr|ldm|galau"),
    context: w("pacar|pacarku|pacare|gebetan|doi|ayang|ayangku|yang ku|mantan|kekasih|cowokku|cewekku|cowok ku|cewek ku"),
  },
  {
    name: "stock exchange",
    word: w("bursa"),
    context: w("saham|efek|bei|trading|kripto|crypto|forex|reksadana"),
  },
];

/** The name of the other-sense rule a normalised message matches, or undefined. */
export function otherSense(normalised: string): string | undefined {
  for (const rule of RULES) if (rule.word.test(normalised) && rule.context.test(normalised)) return rule.name;
  return undefined;
}

/** Words that negate the word after them: "bukan lowongan" (noun negation) is not a question about vacancies. */
export const NOUN_NEGATIONS: ReadonlySet<string> = new Set(["bukan", "bkn", "dudu", "sanes"]);

/** Words that contrast the negated part with what is asked: "bukan loker, tapi ...". */
export const CONTRASTS: ReadonlySet<string> = new Set(["tapi", "tetapi", "melainkan", "namun", "cuma", "hanya", "mung", "nanging", "kecuali"]);

/** Verb negation before wanting or needing: "tidak butuh loker", "ora pengin kerja nang luar negeri". */
export const VERB_NEGATIONS: ReadonlySet<string> = new Set(["tidak", "ora", "mboten", "ra", "gak", "nggak", "ga", "ndak", "tak"]);
export const NEGATABLE_WANTS: ReadonlySet<string> = new Set(["butuh", "perlu", "cari", "ingin", "mau", "tanya", "minta", "nanya"]);
