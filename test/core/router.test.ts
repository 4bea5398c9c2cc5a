/** Pure units of free-text understanding: normalisation, slang, stemming, typos, confidence, mixed questions. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildIndex } from "../../src/content/index-builder.ts";
import { parseSchedule } from "../../src/core/schedule.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import { respond } from "../../src/core/engine.ts";
import { route } from "../../src/core/router.ts";
import { typoDistance } from "../../src/text/typo.ts";
import { cuesOf } from "../../src/core/cues.ts";
import { normalise, stem, stemCandidates, terms, words } from "../../src/text/normalise.ts";

const content = JSON.parse((env as unknown as { TEST_CONTENT: string }).TEST_CONTENT) as ContentBundle;
const index = content.index;

describe("normalise", () => {
  it("lower-cases and drops punctuation, emoji and accents", () => {
    expect(normalise("Halo, MIN!!! 😭🙏 café?")).toBe("halo min cafe");
  });

  it("squeezes letters repeated three times or more", () => {
    expect(normalise("bangettt bingunggg apaaa")).toBe("banget bingung apa");
  });

  it("joins the spellings of AK/1 and drops the written reduplication mark", () => {
    expect(normalise("AK/1 ak-1 ak 1 Ak1")).toBe("ak1 ak1 ak1 ak1");
    expect(normalise("syarat2 kerja2")).toBe("syarat kerja");
  });
});

describe("slang and stop words", () => {
  it("expands abbreviations and informal spellings", () => {
    expect(words("gmn yg ga gak nggak tdk")).toEqual(["bagaimana", "yang", "tidak"]);
    expect(words("loker lowker")).toEqual(["lowongan"]);
    expect(words("ngurus bgt")).toEqual(["urus", "banget"]);
  });

  it("drops the ways of addressing the bot", () => {
    expect(words("min kak gan sis dong")).toEqual([]);
    expect(terms("ada loker ga min?")).toEqual(["lowong"]);
  });

  it("collapses doubled letters when that spells a known slang word", () => {
    expect(words("lokerr")).toEqual(["lowongan"]);
  });

  it("reads a Javanese word through its possessive or krama ending", () => {
    expect(words("klambine")).toEqual(["pakaian", "baju"]);
    expect(words("ragade")).toEqual(["biaya"]);
    expect(words("kancaku")).toEqual(["teman"]);
    // an Indonesian word that merely ends like one is left alone
    expect(words("lowongane")).toEqual(["lowongane"]);
  });

  it("routes everyday Javanese (clothes, being cheated) to the guide that answers it", () => {
    expect(route(index, "klambine pas wawancara kudu sing kepiye?")).toMatchObject({ topic: "wawancara", section: "pakaian" });
    expect(route(index, "aku diapusi wong sing ngaku HRD").topic).toBe("cek-lowongan");
  });
});

describe("stemming", () => {
  it("removes Indonesian prefixes and suffixes", () => {
    expect(stem("pelatihan")).toBe(stem("latih"));
    expect(stem("melamar")).toBe("lamar");
    expect(stem("lamaran")).toBe("lamar");
    expect(stem("pendaftaran")).toBe("daftar");
    expect(stem("mendaftar")).toBe("daftar");
    expect(stem("persyaratan")).toBe("syarat");
    expect(stem("pekerjaan")).toBe("kerja");
    expect(stem("bekerja")).toBe("kerja");
  });

  it("keeps the vowel of a root after meng- and peng-, and the k only of roots that start with it", () => {
    expect(stem("mengurusnya")).toBe("urus");
    expect(stem("pengurus")).toBe("urus");
    expect(stem("pengalaman")).toBe("alam");
    expect(stem("mengirim")).toBe("kirim");
    expect(stem("mengerjakan")).toBe("kerja");
  });

  it("leaves words alone whose ending only looks like a particle", () => {
    expect(stem("sekolah")).toBe("sekolah");
    expect(stem("masalah")).toBe("masalah");
  });

  it("offers informal readings of colloquial verbs", () => {
    expect(stemCandidates("nyari")).toContain("cari");
    expect(stemCandidates("nanyain")).toContain("tanya");
    expect(stemCandidates("ngelamar")).toContain("lamar");
  });
});

describe("typo distance", () => {
  it("counts a missing, extra or swapped letter as one", () => {
    expect(typoDistance("pelatiahn", "pelatihan", 2)).toBe(1);
    expect(typoDistance("lowongn", "lowongan", 1)).toBe(1);
    expect(typoDistance("wawancra", "wawancara", 1)).toBe(1);
  });

  it("treats a far-off key as a different word, not a slip", () => {
    expect(typoDistance("kucing", "kuning", 1)).toBe(2);
    expect(typoDistance("malang", "magang", 1)).toBe(2);
  });
});

describe("route", () => {
  const topicOf = (text: string) => {
    const r = route(index, text);
    return r.confident ? r.topic : "unknown";
  };

  it("understands informal questions", () => {
    expect(topicOf("cara bikin cv yang menarik gmn min?")).toBe("cv");
    expect(topicOf("ada lowker ga kak")).toBe("lowongan");
    expect(topicOf("disuruh bayar seragam dulu, aman ga?")).toBe("cek-lowongan");
    expect(topicOf("kartu kuning bikinnya dimana")).toBe("kartu-ak1");
    expect(topicOf("terlilit utang pinjol")).toBe("keuangan");
  });

  it("routes workers' rights, BPJS claims, job documents and returning migrants to their guides", () => {
    expect(topicOf("kapan THR dibayar?")).toBe("hak-pekerja");
    expect(topicOf("gaji saya belum dibayar 2 bulan lapor ke mana?")).toBe("hak-pekerja");
    expect(topicOf("di phk dapat pesangon?")).toBe("hak-pekerja");
    expect(topicOf("cara klaim JHT")).toBe("klaim-bpjs");
    expect(topicOf("cairkan jht lewat jmo")).toBe("klaim-bpjs");
    expect(topicOf("syarat bikin skck")).toBe("dokumen-kerja");
    expect(topicOf("mantan tki baru pulang dari taiwan")).toBe("pmi-purna");
  });

  it("tolerates typos in longer words", () => {
    expect(topicOf("pelatiahn menjahit kapan")).toBe("pelatihan");
    expect(topicOf("tips wawancra kerja")).toBe("wawancara");
    expect(topicOf("kartu kunig hilang")).toBe("kartu-ak1");
  });

  it("sends greetings, alone or with addressing words, to the menu", () => {
    for (const text of ["halo", "Halooo minnn 👋", "selamat pagi kak", "assalamualaikum", "min?", "hai bot"]) {
      expect(route(index, text), text).toMatchObject({ topic: "menu", confident: true });
    }
  });

  it("answers the question when a greeting comes with one", () => {
    expect(topicOf("halo min, ada lowongan operator ga?")).toBe("lowongan");
    expect(topicOf("selamat malam, mau tanya syarat ak1")).toBe("kartu-ak1");
  });

  it("does not route out-of-domain messages to a guide", () => {
    const outside = [
      "resep nasi goreng yang enak",
      "cuaca besok hujan gak",
      "skor bola tadi malam berapa",
      "tolong kerjakan pr matematika saya",
      "jual pulsa murah",
      "siapa presiden amerika",
      "hasil pemilu kemarin",
      "kucing saya sakit",
      "asdfgh",
    ];
    for (const text of outside) {
      const r = route(index, text);
      expect(r.confident, `${text} → ${r.topic} (${r.score.toFixed(2)})`).toBe(false);
    }
  });

  it("leaves job words in a weather, news or sightseeing sense out of scope", () => {
    expect(route(index, "prakiraan cuaca, potensi gerimis sore ini").topic).toBe("unknown");
    expect(route(index, "wawancara menteri di tv semalam nonton ga").topic).toBe("unknown");
    expect(route(index, "museum bung hatta buka jam berapa").topic).toBe("unknown");
    expect(route(index, "wasit kasih kartu merah ke kiper").topic).toBe("unknown");
    // the same words about work still route
    expect(route(index, "potensi diri saya apa").topic).toBe("potensi-diri");
    expect(route(index, "kantor disnaker buka jam berapa").topic).toBe("kontak");
  });

  it("gives a where-question the section whose heading asks where, in Indonesian or Javanese", () => {
    expect(route(index, "kartu AK1 itu diurus di mana sih?")).toMatchObject({ topic: "kartu-ak1", section: "di-mana-mengurusnya" });
    expect(route(index, "kartu AK1 berlaku berapa lama")).toMatchObject({ topic: "kartu-ak1", section: "masa-berlaku-dan-lapor" });
  });

  it("reads the non-standard and Javanese spellings of 'telanjur' as the guide's word", () => {
    expect(words("terlanjur")).toEqual(["telanjur"]);
    expect(route(index, "wis kadung transfer nang HRD abal-abal, kudu piye")).toMatchObject({ topic: "cek-lowongan", section: "sudah-telanjur" });
  });

  it("opens the menu for navigation words", () => {
    expect(route(index, "kembali ke awal").topic).toBe("menu");
    expect(route(index, "tampilkan menu").topic).toBe("menu");
  });

  it("picks the main topic of a mixed question and offers the other", () => {
    const r = route(index, "ada lowongan? sekalian mau tanya pelatihan las");
    expect(r).toMatchObject({ topic: "pelatihan", confident: true, secondary: "lowongan" });
    const both = route(index, "syarat kartu kuning dan lowongan terbaru");
    expect(both.confident).toBe(true);
    expect([both.topic, both.secondary].sort()).toEqual(["kartu-ak1", "lowongan"]);
  });

  it("weighs the question above the statement beside it", () => {
    expect(topicOf("Saya lulusan SMK otomotif. Bagaimana cara membuat kartu kuning?")).toBe("kartu-ak1");
  });

  it("routes a very long message by its beginning", () => {
    const long = `syarat bikin kartu kuning apa aja? ${"bla ".repeat(2000)}`;
    expect(route(index, long)).toMatchObject({ topic: "kartu-ak1", confident: true });
  });

  it("works on an empty index", () => {
    const empty = { docs: [], avgLen: 1, postings: {}, phrases: [] };
    expect(route(empty, "halo")).toMatchObject({ topic: "unknown", confident: false });
  });
});

describe("buildIndex", () => {
  const small = buildIndex([
    { topic: "cv", title: "CV", keywords: ["cv", "surat lamaran"], headings: [], body: "pelatihan lowongan konselor cv" },
    { topic: "pelatihan", title: "Pelatihan", keywords: ["pelatihan", "kursus menjahit"], headings: [], body: "pelatihan lowongan konselor" },
    { topic: "lowongan", title: "Lowongan", keywords: ["lowongan"], headings: [], body: "pelatihan lowongan konselor" },
    { topic: "konselor", title: "Konselor", keywords: ["konselor"], headings: [], body: "pelatihan lowongan konselor" },
  ]);

  it("keeps topic words strong although every body mentions them", () => {
    expect(route(small, "pelatihan")).toMatchObject({ topic: "pelatihan", confident: true });
    expect(route(small, "ada konselor?")).toMatchObject({ topic: "konselor", confident: true });
  });

  it("matches multi-word keywords whatever the word order", () => {
    expect(route(small, "lamaran surat gimana")).toMatchObject({ topic: "cv", confident: true });
  });

  it("does not trust a stray word of a longer keyword", () => {
    expect(route(small, "jual mesin menjahit bekas").confident).toBe(false);
  });
});

describe("free text in the engine", () => {
  it("offers the second topic of a mixed question first among the buttons", () => {
    const noListings = { waiting: 0, schedule: parseSchedule({}), now: 0, listings: { vacancies: [], trainings: [], places: [] } };
    const result = respond({ type: "text", text: "ada lowongan? sekalian mau tanya pelatihan las" }, {}, content, noListings);
    expect(result.topic).toBe("pelatihan");
    expect(result.replies[0]!.buttons[0]!.action).toBe("t:lowongan");
  });

  it("answers a photo with a way to check a job poster, and other media without it", () => {
    const photo = respond({ type: "media", media: "photo" }, {}, content);
    expect(photo.replies[0]!.body).toMatchObject({ kind: "text" });
    const photoText = JSON.stringify(photo.replies[0]!.body);
    expect(photoText).toContain("cek lowongan");
    expect(photo.replies[0]!.buttons.map((b) => b.action)).toContain("t:konselor");
    const voice = JSON.stringify(respond({ type: "media", media: "voice" }, {}, content).replies[0]!.body);
    expect(voice).toContain("belum bisa membaca");
    expect(voice).not.toContain("cek lowongan");
  });

  it("says it did not understand and offers close topics, a counsellor and the menu", () => {
    const result = respond({ type: "text", text: "jadwal kereta api ke malang" }, {}, content);
    expect(result.topic).toBe("unknown");
    const actions = result.replies[0]!.buttons.map((b) => b.action);
    expect(actions).toContain("t:konselor");
    expect(actions).toContain("menu");
    expect(actions.length).toBeLessThanOrEqual(5);
  });
});

/** Routed topic, only when confident ("unknown" otherwise), as the engine answers free text. */
const topicOf = (text: string) => {
  const r = route(index, text);
  return r.confident ? r.topic : "unknown";
};

describe("Javanese, ngoko and krama", () => {
  it("maps Javanese words and expressions to Indonesian before routing", () => {
    expect(words("piye carane gawe kartu kuning")).toEqual(["bagaimana", "carane", "membuat", "kartu", "kuning"]);
    expect(words("kulo badhe nyuwun pirso")).toEqual(["saya", "ingin", "ingin", "tahu"].filter((w, i, a) => a[i - 1] !== w));
    expect(normalise("Nyambut damel wonten pundi")).toBe("bekerja wonten pundi");
    expect(stemCandidates("syarate")).toContain("syarat");
    expect(stemCandidates("dicairke")).toContain("cair");
  });

  it("routes ngoko and krama questions to their topic", () => {
    expect(topicOf("piye carane gawe kartu kuning")).toBe("kartu-ak1");
    expect(topicOf("pripun carane damel kartu kuning, kulo dereng gadhah")).toBe("kartu-ak1");
    expect(topicOf("ono lowongan kerjo ning Kanigoro ora?")).toBe("lowongan");
    expect(topicOf("duwit JHT iso dicairke ning endi?")).toBe("klaim-bpjs");
    expect(topicOf("kulo badhe nyambut damel dateng Korea, syarate menapa?")).toBe("kerja-luar-negeri");
  });
});

describe("words in another sense", () => {
  it("sends a football yellow card, a heart's vacancy, homework and a business CV to unknown", () => {
    expect(topicOf("kartu kuning")).toBe("kartu-ak1");
    expect(topicOf("kok wasit ngasih kartu kuning ke pemain itu")).toBe("unknown");
    expect(topicOf("masih ada lowongan di hatimu buat aku?")).toBe("unknown");
    expect(topicOf("tugas sekolah adikku suruh nulis 3 pekerjaan dan alatnya")).toBe("unknown");
    expect(topicOf("syarat bikin CV usaha di notaris apa aja")).toBe("unknown");
    expect(topicOf("lamaran nikah adat jawa bawa apa saja")).toBe("unknown");
    expect(topicOf("kerja bakti bersih desa hari apa")).toBe("unknown");
  });

  it("keeps the job sense when no word of the other sense is there", () => {
    expect(topicOf("cara bikin cv yang menarik")).toBe("cv");
    expect(topicOf("surat lamaran kerja untuk pabrik")).toBe("cv");
  });
});

describe("negation", () => {
  it("counts a negated word little when the message says what it is about instead", () => {
    expect(topicOf("bukan soal lowongan, tapi gaji saya belum dibayar 2 bulan")).toBe("hak-pekerja");
    expect(topicOf("aku ora butuh pelatihan, mung pengin ngerti hak cuti melahirkan")).toBe("hak-pekerja");
  });

  it("keeps a negated state: what did not happen is often the question", () => {
    expect(topicOf("gaji dua bulan belum dibayar, bos tidak mau bayar")).toBe("hak-pekerja");
  });
});

describe("compositional cues", () => {
  it("a fee, codes or intimate photos asked in a recruitment point to the scam check", () => {
    expect(cuesOf(normalise("HRD minta saya bayar 300rb untuk seragam sebelum mulai kerja")).map((c) => c.topic)).toContain("cek-lowongan");
    expect(topicOf("yang ngaku perekrut nyuruh aku transfer 500 ribu biar lolos")).toBe("cek-lowongan");
    expect(topicOf("katanya biar diterima kerja harus kasih kode OTP dari sms")).toBe("cek-lowongan");
    expect(topicOf("disuruh kirim foto pakai pakaian dalam buat syarat lamaran")).toBe("cek-lowongan");
  });

  it("asking what something costs is not a fee asked by a recruiter", () => {
    expect(cuesOf(normalise("biaya bikin skck berapa"))).toEqual([]);
    expect(cuesOf(normalise("gaji saya ditransfer telat terus"))).toEqual([]);
  });

  it("my chat or data with who reads or deletes it is a privacy question", () => {
    expect(topicOf("chatku nang kene iso diwoco sopo wae?")).toBe("privasi");
    expect(topicOf("tolong hapus semua pesanku")).toBe("privasi");
  });

  it("the bot remembering what I asked, deleting my data, or my boss finding out are privacy questions", () => {
    expect(topicOf("lho kok sistemnya ingat aku pernah tanya soal utang? dicatat ya?")).toBe("privasi");
    expect(topicOf("riwayat chat saya tolong didelete semua")).toBe("privasi");
    expect(topicOf("kalau aku curhat di sini soal pabrik, atasanku bisa tahu nggak?")).toBe("privasi");
  });

  it("work in a named country, a job at a gambling site, a text to be checked and health papers have their topics", () => {
    expect(topicOf("lulusan SMP bisa kerja ke Malaysia?")).toBe("kerja-luar-negeri");
    expect(topicOf("sudah pulang dari Malaysia, sekarang mau usaha apa")).not.toBe("kerja-luar-negeri");
    expect(topicOf("ditawari jadi admin situs judi online gaji 8 juta")).toBe("cek-lowongan");
    expect(topicOf("ini ada info loker dari grup, minta tolong diperiksa")).toBe("cek-lowongan");
    expect(topicOf("lamar jadi sopir perlu SIM B1 atau cukup A?")).toBe("dokumen-kerja");
  });

  it("conduct at work and what work suits me have their topics", () => {
    expect(topicOf("rekan kerja suka gosip soal aku, aku harus gimana")).toBe("tips-kerja");
    expect(topicOf("aku suka menggambar, pekerjaan apa yang pas buatku")).toBe("potensi-diri");
  });
});
