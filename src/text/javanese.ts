/**
 * Javanese (ngoko and krama, as written in Kabupaten Blitar) mapped to Indonesian words, so the router and the
 * index see one language. Words only: Javanese grammar is close enough to Indonesian for keyword routing.
 * A value may hold several words; "" drops the word (particles, politeness words that carry no topic).
 */

/** Two- or three-word expressions whose meaning is not the sum of their words; applied to normalised text. */
export const JAVANESE_PHRASES: Record<string, string> = {
  "nyambut damel": "bekerja",
  "nyambut gawe": "bekerja",
  "golek gawe": "cari kerja",
  "golek gawean": "cari kerja",
  "nyuwun pirso": "ingin tahu",
  "nyuwun priksa": "ingin tahu",
  "nyuwun sewu": "",
  "matur nuwun": "makasih",
  "maturnuwun": "makasih",
  "kados pundi": "bagaimana",
  "kadospundi": "bagaimana",
  "pripun carane": "bagaimana cara",
  "wong tenan": "manusia",
  "tiyang estu": "manusia",
  "opo wae": "apa saja",
  "apa wae": "apa saja",
  "menopo kemawon": "apa saja",
  "punapa kemawon": "apa saja",
  "ora iso": "tidak bisa",
  "ra iso": "tidak bisa",
  "mboten saged": "tidak bisa",
};

/** One Javanese word → Indonesian. */
export const JAVANESE: Record<string, string> = {
  // question words
  piye: "bagaimana", pie: "bagaimana", pripun: "bagaimana", kepriye: "bagaimana", kepiye: "bagaimana",
  opo: "apa", apo: "apa", menapa: "apa", menopo: "apa", punapa: "apa", punopo: "apa",
  sopo: "siapa", sinten: "siapa", ngendi: "mana", endi: "mana", ndi: "mana", pundi: "mana", nandi: "mana",
  piro: "berapa", pira: "berapa", pinten: "berapa", nopo: "kenapa", ngapa: "kenapa", kenging: "kenapa",
  // people and address
  kulo: "saya", kula: "saya", kawula: "saya", awakku: "saya",
  sampeyan: "kamu", panjenengan: "kamu", koen: "kamu", kowe: "kamu", awakmu: "kamu", njenengan: "kamu",
  bojoku: "suami istri", bojo: "suami istri", garwa: "suami istri", tanggaku: "tetangga", tangga: "tetangga",
  // particles and politeness: no topic
  ku: "", nggih: "", ngih: "", geh: "", to: "", tho: "", lo: "", ki: "", kok: "", yo: "", rek: "", cak: "", ning: "di",
  mbok: "", dipun: "", je: "", wae: "saja", mawon: "saja", kemawon: "saja", ae: "saja", sugeng: "selamat", ndherek: "ikut",
  // verbs of asking, wanting, being able
  badhe: "ingin", bade: "ingin", arep: "ingin", ape: "ingin", pengin: "ingin", kepingin: "ingin", kepengin: "ingin",
  nyuwun: "minta", njaluk: "minta", jaluk: "minta", tanglet: "tanya", takon: "tanya", nakoni: "tanya", ditakoni: "ditanya",
  iso: "bisa", isa: "bisa", saget: "bisa", saged: "bisa", isoh: "bisa", oleh: "boleh", angsal: "boleh", entuk: "dapat",
  pikantuk: "dapat", antuk: "dapat", kudu: "harus", kudune: "harus", kedah: "harus",
  ngerti: "tahu", ngertos: "tahu", weruh: "tahu", mirsani: "lihat", ndelok: "lihat", deleng: "lihat",
  moco: "baca", maca: "baca", diwoco: "dibaca", diwaca: "dibaca", dimoco: "dibaca", diwaos: "dibaca",
  // negation and aspect
  ora: "tidak", ra: "tidak", gak: "tidak", mboten: "tidak", boten: "tidak", ndak: "tidak", orak: "tidak",
  dudu: "bukan", sanes: "bukan", durung: "belum", dereng: "belum", urung: "belum",
  wis: "sudah", wes: "sudah", uwis: "sudah", sampun: "sudah", lagi: "sedang", saweg: "sedang", nembe: "baru",
  // place and time words
  nang: "di", neng: "di", teng: "di", wonten: "ada", ono: "ada", onok: "ada", enek: "ada", ana: "ada",
  soko: "dari", seko: "dari", saking: "dari", teko: "dari", dateng: "ke", menyang: "ke", marang: "ke",
  saiki: "sekarang", sakniki: "sekarang", sakmenika: "sekarang", samenika: "sekarang", sesuk: "besok", mbenjang: "besok",
  wingi: "kemarin", dino: "hari", dina: "hari", dinten: "hari", sedino: "sehari", saben: "setiap", sasi: "bulan",
  wulan: "bulan", taun: "tahun", warsa: "tahun", engko: "nanti", mengko: "nanti", mangke: "nanti",
  // connectives
  sing: "yang", ingkang: "yang", kanggo: "untuk", kangge: "untuk", kagem: "untuk", karo: "dengan", kaliyan: "dengan",
  nek: "kalau", yen: "kalau", menawi: "kalau", lek: "kalau", mergo: "karena", amargi: "karena", jarene: "katanya",
  nanging: "tapi", utowo: "atau", utawa: "atau", dadi: "jadi", dados: "jadi", uga: "juga", ugi: "juga",
  iki: "ini", niki: "ini", punika: "ini", kuwi: "itu", iku: "itu", niku: "itu", kui: "itu",
  kabeh: "semua", sedaya: "semua", akeh: "banyak", kathah: "banyak", sithik: "sedikit", sekedhik: "sedikit",
  // job and life vocabulary
  kerjo: "kerja", nyambut: "kerja", gawean: "kerja", pedamelan: "kerja", gawe: "membuat", damel: "membuat",
  nggawe: "membuat", ndamel: "membuat", golek: "cari", nggolek: "cari", madosi: "cari", pados: "cari", ngupadi: "cari",
  bayaran: "gaji", bayare: "gaji", blanja: "gaji", duwit: "uang", dhuwit: "uang", yatra: "uang", arta: "uang",
  larang: "mahal", awis: "mahal", mulih: "pulang", wangsul: "pulang", mantuk: "pulang",
  mlebu: "masuk", mlebet: "masuk", metu: "keluar", medal: "keluar", budhal: "berangkat", mangkat: "berangkat",
  mbayar: "bayar", bayari: "bayar", dibayari: "dibayar", tumbas: "beli", tuku: "beli", omah: "rumah", griya: "rumah",
  sekolahan: "sekolah", bocah: "anak", lare: "anak", putra: "anak", wong: "orang", tiyang: "orang",
  gadhah: "punya", nduwe: "punya", duwe: "punya", kagungan: "punya", cocoke: "cocok", cocokipun: "cocok",
  senengane: "suka", seneng: "suka", remen: "suka", ngutak: "", atik: "", sowan: "datang", teka: "datang",
  bukak: "buka", bikak: "buka", susah: "sulit", angel: "sulit", gampang: "mudah", gampil: "mudah",
  diilangi: "dihapus", ilangi: "hapus", busak: "hapus", dibusak: "dihapus", mbusak: "hapus", diguwak: "dihapus",
  nglairke: "melahirkan", lairan: "melahirkan", babaran: "melahirkan", meteng: "hamil", mbobot: "hamil",
  lara: "sakit", loro: "sakit", gerah: "sakit", ngaturi: "atur", ngature: "mengatur", ngatur: "atur", entek: "habis",
  telat: "terlambat", sikil: "kaki", mripat: "mata", kuping: "telinga",
  tenan: "benar", temenan: "benar", apik: "bagus", sae: "bagus", elek: "jelek", awon: "jelek",
  // everyday life words, ngoko and krama (clothes, body, family, time, feelings, money)
  klambi: "pakaian baju", rasukan: "pakaian baju", ageman: "pakaian baju", sandhangan: "pakaian", sepatu: "sepatu",
  ireng: "hitam", cemeng: "hitam", pethak: "putih", abrit: "merah",
  wedok: "perempuan", wadon: "perempuan", estri: "perempuan", lanang: "laki", jaler: "laki",
  kanca: "teman", konco: "teman", kancaku: "teman", koncoku: "teman", rencang: "teman", sedulur: "saudara", sedherek: "saudara",
  yuswa: "usia", enom: "muda", sepuh: "tua", tuwo: "tua",
  adoh: "jauh", tebih: "jauh", cedhak: "dekat", cedak: "dekat", celak: "dekat", caket: "dekat",
  esuk: "pagi", enjing: "pagi", bengi: "malam", dalu: "malam", sonten: "sore", mbiyen: "dulu", rumiyin: "dulu",
  suwe: "lama", dangu: "lama", sedhela: "sebentar", sekedap: "sebentar", cepet: "cepat", rikat: "cepat", enggal: "cepat",
  wedi: "takut", ajrih: "takut", isin: "malu", lingsem: "malu", kesel: "capek", sayah: "capek", grogi: "gugup", nggrogi: "gugup",
  sregep: "rajin", kesed: "malas", lali: "lupa", kelalen: "lupa", supe: "lupa", kelingan: "ingat", ilang: "hilang", ical: "hilang",
  turu: "tidur", tilem: "tidur", mangan: "makan", nedha: "makan", dhahar: "makan", ngombe: "minum", ngunjuk: "minum",
  sinau: "belajar", sinaos: "belajar", nulis: "tulis", nyerat: "tulis", serat: "surat", layang: "surat", jeneng: "nama",
  ngenteni: "tunggu", nunggu: "tunggu", ngentosi: "tunggu", ditompo: "diterima", ditampa: "diterima", ditrimo: "diterima",
  ditampi: "diterima", nompo: "terima", nampa: "terima", pitakon: "pertanyaan", pitakonan: "pertanyaan",
  dikon: "disuruh", dikongkon: "disuruh", kongkon: "suruh", ngapusi: "menipu", diapusi: "ditipu", apus: "tipu",
  kapusan: "tertipu", ketipu: "tertipu", utang: "utang", utangan: "utang", nyilih: "pinjam", ampil: "pinjam", nyelang: "pinjam",
  ragad: "biaya", wragad: "biaya", waragad: "biaya", prei: "libur", preine: "libur", leren: "berhenti", mandheg: "berhenti",
  dilereni: "diberhentikan", dilerenke: "diberhentikan", dipecat: "dipecat", nganggur: "menganggur", kerjoan: "kerja",
  ndaftar: "daftar", nglamar: "melamar", ngelamar: "melamar", sekolahe: "sekolah", dolan: "main", numpak: "naik",
  gedhe: "besar", ageng: "besar", cilik: "kecil", alit: "kecil", dhuwur: "tinggi", inggil: "tinggi",
  kadung: "telanjur", kadhung: "telanjur", kebacut: "telanjur", kebablasan: "telanjur",
  pengen: "ingin", ngomong: "bicara", matur: "bicara", crito: "cerita", cerito: "cerita", ngobrol: "bicara",
  // carrying, keeping, preparing, changing (ngoko and krama verb forms)
  gowo: "bawa", nggowo: "bawa", nggawa: "bawa", gawa: "bawa", digowo: "dibawa", digawa: "dibawa", bekta: "bawa", mbekta: "bawa",
  dibekta: "dibawa", simpen: "simpan", nyimpen: "simpan", disimpen: "disimpan", nyiapke: "siapkan", nyiapake: "siapkan",
  nyiapne: "siapkan", siapke: "siapkan", ngowahi: "ubah", owahi: "ubah", diowahi: "diubah", ngganti: "ganti", digenti: "diganti",
  ngetik: "ketik", diketik: "diketik", dinggo: "dipakai", nggo: "untuk", nganggo: "pakai", ngangge: "pakai",
  sakdurunge: "sebelum", sadurunge: "sebelum", sakderenge: "sebelum", saderengipun: "sebelum", sakwise: "setelah", sawise: "setelah",
  mendhet: "ambil", mundhut: "ambil", njupuk: "ambil", jupuk: "ambil", dijupuk: "diambil", ketampi: "diterima", katampi: "diterima",
  supados: "supaya", supoyo: "supaya", wiwitan: "pertama", kawitan: "pertama", sepisanan: "pertama",
  sasampunipun: "setelah", miwiti: "mulai", diwiwiti: "dimulai", kangen: "rindu", galau: "sedih",
};
