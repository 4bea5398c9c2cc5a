/** Issue 13: answers cut to the question, counsellor questions included; the section evidence behind a choice. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/content/types.ts";
import { respond } from "../../src/core/engine.ts";
import { explainRoute, route } from "../../src/core/router.ts";
import { asks, asksQuestion } from "../../src/core/section-choice.ts";
import { normalise, stem } from "../../src/text/normalise.ts";

const content = JSON.parse((env as unknown as { TEST_CONTENT: string }).TEST_CONTENT) as ContentBundle;

const say = (text: string) => respond({ type: "text", text }, {}, content);

describe("precise questions about the counselling service", () => {
  it("answers the opening hours with that section and a button to a counsellor, without opening a case", () => {
    const result = say("jam berapa petugas konseling bales chat?");
    expect(result.topic).toBe("konselor");
    expect(result.replies[0]!.body).toMatchObject({ kind: "guide", topic: "konselor", section: "jam-layanan" });
    const actions = result.replies[0]!.buttons.map((b) => b.action);
    expect(actions[0]).toBe("t:konselor");
    expect(actions).toContain("g:konselor");
    expect(result.effects.some((e) => e.type === "openCase")).toBe(false);
  });

  it("still hands a request for a counsellor over to a human", () => {
    for (const text of ["hubungkan ke konselor", "saya mau ngobrol sama petugas langsung"]) {
      const result = say(text);
      expect(result.topic, text).toBe("konselor");
      expect(result.effects.some((e) => e.type === "openCase"), text).toBe(true);
    }
  });

  it("tells a question from a request, in Indonesian and Javanese", () => {
    expect(asksQuestion("konseling buka jam berapa")).toBe(true);
    expect(asksQuestion("petugase bales jam piro")).toBe(true);
    expect(asksQuestion("hubungkan ke konselor")).toBe(false);
    expect(asksQuestion("sambungkan ke petugas dong")).toBe(false);
  });
});

describe("section choice", () => {
  it("answers a question for a definition with the heading that asks 'Apa itu ...?'", () => {
    for (const text of ["bkk itu apa sih", "apa itu BKK", "BKK itu maksudnya apa"]) {
      expect(asks(normalise(text)).has("apa-itu"), text).toBe(true);
      expect(route(content.index, text), text).toMatchObject({ topic: "bkk", section: "apa-itu-bkk" });
    }
    expect(asks(normalise("apa saja manfaat bkk")).has("apa-itu")).toBe(false);
  });

  it("answers a question for requirements with the heading on requirements, in Indonesian and Javanese", () => {
    expect(asks(normalise("persyaratannya apa")).has("syarat")).toBe(true);
    expect(route(content.index, "syarat bikin kartu kuning apa aja")).toMatchObject({ topic: "kartu-ak1", section: "persyaratan" });
    expect(route(content.index, "syarate gawe ak1 opo wae")).toMatchObject({ topic: "kartu-ak1", section: "persyaratan" });
  });

  it("answers what to bring with the heading on documents or preparation, also in Javanese", () => {
    expect(route(content.index, "besok wawancara di pabrik, harus bawa apa saja")).toMatchObject({ topic: "wawancara", section: "persiapan" });
    expect(route(content.index, "sesuk wawancara, kudu nggowo opo wae")).toMatchObject({ topic: "wawancara", section: "persiapan" });
    expect(route(content.index, "pencairan jht berkasnya apa")).toMatchObject({ topic: "klaim-bpjs", section: "dokumen-yang-perlu-disiapkan" });
  });

  it("answers something that went wrong with the heading on problems", () => {
    expect(route(content.index, "daftar karirhub gagal terus, kenapa ya").section).toBe("muncul-nik-sudah-terdaftar");
    expect(asks(normalise("klaim jmo error terus")).has("kendala")).toBe(true);
    expect(asks(normalise("cara klaim jht di jmo")).has("kendala")).toBe(false);
  });

  it("reads a lost AK/1 card as the section on validity and reporting", () => {
    expect(route(content.index, "kartu kuning saya hilang, gimana?")).toMatchObject({ topic: "kartu-ak1", section: "masa-berlaku-dan-lapor" });
  });
});

describe("explainRoute", () => {
  it("shows the query terms and each section's evidence in the routed guide", () => {
    const { result, query, sections } = explainRoute(content.index, "syarat bikin kartu kuning apa aja");
    expect(result.topic).toBe("kartu-ak1");
    expect(query.map((q) => q.term)).toContain("syarat");
    const best = [...sections].sort((a, b) => b.score - a.score)[0]!;
    expect(best.id).toBe("persyaratan");
    expect(best.strong).toBeGreaterThan(0);
  });
});

describe("other senses", () => {
  it("reads an interview for a school assignment as out of scope, a teacher's job interview not", () => {
    expect(route(content.index, "disuruh guru mewawancarai pedagang pasar buat tugas sekolah, enaknya tanya apa").topic).toBe("unknown");
    expect(route(content.index, "tips wawancara kerja jadi guru les").topic).toBe("wawancara");
  });
});

describe("compositional cues", () => {
  const topicOf = (text: string) => route(content.index, text).topic;

  it("reads a worker back from abroad as a returnee, one about to leave as going abroad", () => {
    expect(topicOf("aku mantan tkw taiwan, saiki wis mulih, enaké usaha apa")).toBe("pmi-purna");
    expect(topicOf("tabunganku soko hongkong arep dinggo modal warung")).toBe("pmi-purna");
    expect(topicOf("pengen kerja ke taiwan jadi pabrik, daftarnya lewat mana")).toBe("kerja-luar-negeri");
  });

  it("reads a job loss with BPJS as a claim, a vacancy too good to be true as a check, weekly news as the profile", () => {
    expect(topicOf("kontrakku habis bulan ini, uang jht bisa diambil ga")).toBe("klaim-bpjs");
    expect(topicOf("ada loker admin gaji 12 juta tanpa pengalaman, wajar ga sih")).toBe("cek-lowongan");
    expect(topicOf("gimana biar dikirimin lowongan tiap minggu")).toBe("profil");
  });

  it("reads who can read what I write here as privacy, also in Javanese", () => {
    expect(topicOf("pesenku nang kene iso diwaca sopo wae")).toBe("privasi");
    expect(topicOf("chat saya di sini dibaca admin ga")).toBe("privasi");
  });

  it("opens the menu for a question about the service itself, not when a topic is named", () => {
    expect(topicOf("fitur bot ini apa aja")).toBe("menu");
    expect(topicOf("niki leres binjol?")).toBe("menu");
    expect(topicOf("baru pertama kali pakai aplikasi ini")).toBe("menu");
    expect(topicOf("pilihan pelatihan apa aja")).not.toBe("menu");
  });

  it("sets aside what follows 'selain': it counts little beside the question", () => {
    const plain = route(content.index, "bisa ngurus kartu kuning");
    const besides = route(content.index, "bisa ngurus apa saja selain kartu kuning");
    expect(plain.topic).toBe("kartu-ak1");
    expect(besides.topic !== "kartu-ak1" || besides.score < plain.score / 2).toBe(true);
  });
});

describe("more causes (issue 13, round 4)", () => {
  const topicOf = (text: string) => route(content.index, text).topic;

  it("keeps 'berangkat' (to leave) apart from 'diangkat' (made permanent)", () => {
    expect(stem("berangkat")).not.toBe(stem("diangkat"));
    expect(topicOf("kerja kontrak terus tapi ga pernah diangkat karyawan tetap, itu boleh?")).not.toBe("pmi-purna");
  });

  it("reads becoming a migrant worker as going abroad, and a job loss with BPJS money as a claim", () => {
    expect(topicOf("usia berapa boleh daftar jadi pmi")).toBe("kerja-luar-negeri");
    expect(topicOf("habis kontrak gak diperpanjang, jkp bisa diklaim?")).toBe("klaim-bpjs");
    expect(topicOf("kulo sampun mboten nyambut damel, JHT kulo saged dipundhut?")).toBe("klaim-bpjs");
  });

  it("reads habits at work (phone, lateness, leave) as workplace conduct", () => {
    expect(topicOf("pas shift malam boleh main hp ga")).toBe("tips-kerja");
    expect(topicOf("gimana cara minta izin ga masuk kerja ke atasan")).toBe("tips-kerja");
  });

  it("reads a village or social-media profile, account privacy and a football club's recruitment as out of scope", () => {
    expect(topicOf("profil desa wonodadi terbaru")).toBe("unknown");
    expect(topicOf("cara setting privasi akun ig biar ga dilihat orang")).toBe("unknown");
    expect(topicOf("seleksi pemain klub sepak bola u15 kapan")).toBe("unknown");
    expect(topicOf("cara isi profil di binjol")).toBe("profil");
  });

  it("reads chat abbreviations without vowels and krama words", () => {
    expect(topicOf("plthn jahit ad g")).toBe("pelatihan");
    expect(topicOf("lmbur trs tp ga dibayar")).toBe("hak-pekerja");
  });
});

describe("more causes (issue 13, round 5)", () => {
  const topicOf = (text: string) => route(content.index, text).topic;

  it("offers a counsellor to someone who is worn down and wants to talk, not a tips guide", () => {
    expect(topicOf("sedih banget nganggur terus, pengen curhat")).toBe("konselor");
    expect(topicOf("aku depresi nganggur setaun, pengen cerita")).toBe("konselor");
    // a conflict with the boss stays workplace conduct
    expect(topicOf("stres dimarahi atasan terus, harus gimana")).not.toBe("konselor");
  });

  it("reads missing a partner who works elsewhere as out of scope, a worker's own question not", () => {
    expect(topicOf("ldr sama pacar yang kerja di surabaya, biar ga kangen gimana")).toBe("unknown");
    expect(topicOf("mau kerja ke taiwan, syaratnya apa")).toBe("kerja-luar-negeri");
  });

  it("keeps loan words and roots that only look prefixed, and recovers pe-/me- roots starting with r and m", () => {
    for (const w of ["mental", "mentor", "mekanik", "pensiun", "metode"]) expect(stem(w), w).toBe(w);
    expect(stem("mentalnya")).toBe("mental");
    expect(stem("pensiunan")).toBe("pensiun");
    expect(stem("perawat")).toBe(stem("merawat"));
    expect(stem("memasak")).toBe("masak");
    expect(stem("pemula")).not.toBe(stem("pula"));
  });

  it("reads what office or factory work is like as the world of work", () => {
    expect(topicOf("kerja pabrik itu gambaran sehari-harinya kayak apa")).toBe("dunia-kerja");
  });
});
