/** The bot's own short texts in Bahasa Indonesia; guides live in content/. */
export const strings = {
  backToMenu: "⬅️ Kembali ke menu",
  fullGuide: "📖 Baca panduan lengkap",
  talkToCounsellor: "💬 Tanya konselor",
  help: (office: string) =>
    [
      "Saya BINJOL, asisten Bimbingan Jabatan Online " + office + ".",
      "",
      "Yang bisa kamu lakukan:",
      "• Ketik pertanyaanmu dengan kata-kata sendiri, misalnya \"cara bikin kartu kuning\" atau \"tips wawancara\".",
      "• Pilih layanan dari menu di bawah, atau ketik /menu kapan saja.",
      "• Ketik /konselor untuk berbicara dengan pengantar kerja (petugas kami).",
      "",
      "Layanan ini gratis. Petugas kami tidak pernah meminta uang untuk penempatan kerja.",
    ].join("\n"),
  notUnderstoodSuggest: "Mungkin maksudmu salah satu topik ini:",
  unknownCommand: (command: string) =>
    `Perintah /${command} tidak saya kenal. Silakan pilih layanan dari menu di bawah.`,
  staleButton: "Tombol ini sudah tidak berlaku. Ini menu terbaru:",
  media: {
    photo: "foto",
    voice: "pesan suara",
    audio: "audio",
    video: "video",
    video_note: "pesan video",
    sticker: "stiker",
    document: "dokumen",
    location: "lokasi",
    contact: "kontak",
    animation: "GIF",
    other: "jenis pesan ini",
  } as Record<string, string>,
  mediaNotSupported: (what: string) =>
    `Terima kasih, tapi saya belum bisa membaca ${what}. Silakan tulis pertanyaanmu dalam bentuk teks, pilih layanan dari menu, atau ketik /konselor untuk berbicara dengan petugas.`,
  /** added after mediaNotSupported for photos and documents: job posters often arrive as pictures */
  mediaPosterHint:
    "Kalau itu poster atau tangkapan layar lowongan, ketik \"cek lowongan\", lalu tulis ulang atau tempel teks lowongannya. Bisa juga tekan tombol konselor di bawah supaya petugas yang memeriksanya.",
  handoff: {
    start: "Baik, kamu akan kami sambungkan dengan pengantar kerja (konselor) dari kantor kami.",
    aboutListing: (title: string) => `Pertanyaanmu tentang "${title}" sudah kami lampirkan, jadi konselor langsung tahu yang kamu maksud.`,
    askNeed:
      "Supaya konselor bisa langsung membantu, ceritakan singkat apa yang ingin kamu tanyakan. Boleh juga dilewati. Jawabanmu di sini hanya dipakai untuk konsultasi ini dan bisa kamu hapus kapan saja dengan /hapusdata.",
    askEducation: "Apa pendidikan terakhirmu? Pilih di bawah atau lewati.",
    askKecamatan: "Kamu tinggal di kecamatan mana? Tulis nama kecamatannya, atau lewati.",
    didYouMean: (name: string) => `Maksudmu Kecamatan ${name}? Tekan tombolnya kalau benar, atau tulis lagi nama kecamatanmu.`,
    kecamatanUnknown: (text: string) =>
      `"${text}" tidak ada di daftar kecamatan wilayah kami. Coba tulis nama kecamatannya saja (misalnya Kanigoro, Wlingi, Sananwetan). Kalau kamu tinggal di luar wilayah ini, tulis saja nama kecamatan dan kabupatenmu.`,
    fileToCase: "Berkasmu sudah kami teruskan ke konselor.",
    skip: "Lewati",
    leave: "Keluar dari antrean",
    queuedOpen: (position: number) =>
      `Terima kasih. Kamu ada di antrean nomor ${position}. Konselor sedang bertugas dan akan membalas di sini secepatnya. Tulis saja pesanmu, semuanya akan dibaca konselor.`,
    queuedClosed: (position: number, hours: string, next: string) =>
      `Terima kasih. Kamu ada di antrean nomor ${position}. Saat ini di luar jam layanan (${hours}). Konselor akan membalas mulai ${next}. Pesanmu tetap tersimpan dan akan dibaca.`,
    alreadyQueued: (position: number) =>
      `Kamu sudah ada di antrean konselor (nomor ${position}). Tulis pesanmu di sini, konselor akan membalas. Ketik /batal kalau ingin keluar dari antrean.`,
    alreadyTalking: "Kamu sedang terhubung dengan konselor. Tulis pesanmu di sini. Ketik /batal kalau ingin mengakhiri.",
    left: "Kamu sudah keluar dari antrean konselor. Kalau butuh lagi, ketik /konselor kapan saja.",
    closed: "Percakapan dengan konselor sudah selesai. Terima kasih sudah menghubungi kami. Seberapa puas kamu dengan layanan ini? Pilih 1 (kurang puas) sampai 5 (sangat puas).",
    tooMany: (contact: string) =>
      `Maaf, permintaan bicara dengan konselor dari perangkat atau jaringan ini sudah mencapai batas untuk hari ini. Silakan coba lagi besok${contact ? `, atau hubungi kantor kami langsung: ${contact}` : ""}. Sementara itu, panduan di menu tetap bisa kamu baca.`,
    expired: (hours: string) =>
      `Permintaanmu untuk bicara dengan konselor kami tutup karena belum ada pesan darimu selama ${hours}. Kalau masih butuh bantuan, ketik /konselor kapan saja lalu tulis pertanyaanmu. Terima kasih.`,
    thanksRating: (rating: number) =>
      `Terima kasih atas nilai ${rating}. Masukanmu membantu kami melayani lebih baik. Ada lagi yang bisa dibantu? Pilih dari menu di bawah.`,
  },
  privacy: {
    header: "Ini data tentang kamu yang disimpan BINJOL:",
    nothing: "Kami belum menyimpan data apa pun tentang kamu.",
    recent: "Pesan terakhir:",
    footer:
      "Data ini dipakai hanya untuk melayani pertanyaanmu dan tindak lanjut oleh pengantar kerja. Kamu bisa meminta koreksi lewat /konselor, atau menghapus semuanya dengan /hapusdata.",
    intakeLabels: { need: "kebutuhan", education: "pendidikan", kecamatan: "kecamatan" } as Record<string, string>,
    caseStatus: { waiting: "menunggu", open: "sedang dilayani", closed: "selesai", left: "dibatalkan" } as Record<string, string>,
    deleteButton: "🗑️ Hapus dataku",
    confirm:
      "Yakin ingin menghapus semua datamu di BINJOL? Semua pesan, riwayat konsultasi, dan catatan petugas tentang kamu akan dihapus dan tidak bisa dikembalikan. Kami hanya menyimpan hitungan tanpa nama untuk statistik.",
    confirmButton: "Ya, hapus semua",
    cancelButton: "Batal",
    deleted: "Semua datamu sudah dihapus. Terima kasih sudah memakai BINJOL. Kalau ingin bertanya lagi, ketik /start kapan saja.",
    cancelled: "Baik, datamu tidak dihapus.",
    ageAdult: "Usia: 18 tahun ke atas (jawabanmu saat menyetujui profil).",
    ageMinor: (when: string | undefined) =>
      when ? `Usia: di bawah 18 tahun. Persetujuan orang tua/wali dicatat ${when}.` : "Usia: di bawah 18 tahun, dengan persetujuan orang tua/wali.",
    ageUnknown: "Usia: belum ditanyakan (profil dibuat sebelum pertanyaan usia). Jawab di /profil.",
    retention: (days: number) =>
      `⏱️ Masa simpan saat ini: ${days} hari. Percakapan yang tidak aktif selama itu dihapus otomatis bersama profilnya. Kamu bisa menghapusnya lebih cepat dengan /hapusdata.`,
    withdraw: "Menarik persetujuan profil = menghapus profil di /profil; profil langsung terhapus dan info mingguan berhenti.",
  },
  quiet: {
    throttled: "Pesanmu masuk terlalu cepat. Tunggu sebentar ya, lalu kirim lagi. Pesan yang sudah terkirim tetap tersimpan.",
    blocked: (office: string) =>
      `Layanan obrolan BINJOL untuk akun ini sedang dibatasi oleh petugas. Pesanmu tetap tersimpan. Untuk keperluan penting, hubungi ${office} secara langsung.`,
  },
  /** group chats: personal services and buttons work only in a private chat with the bot */
  group: {
    privateOnly: (link: string) =>
      `Demi privasimu, layanan ini hanya dilayani lewat chat pribadi, tidak di grup. Lanjutkan di sini: ${link}`,
    openPrivate: "💬 Lanjut di chat pribadi",
    buttonPrivateOnly: "Tombol ini hanya berfungsi di chat pribadi dengan BINJOL.",
  },
  privacyNotice: (days: number) =>
    `ℹ️ Soal privasi: BINJOL menyimpan pesanmu untuk menjawab dan menindaklanjuti pertanyaanmu, paling lama ${days} hari. Data tidak dijual atau diberikan ke perekrut. Ketik /privasi untuk info lengkap, /datasaya untuk melihat datamu, atau /hapusdata untuk menghapusnya.`,
  /** a message could not be handled because of a fault on our side; it is kept and staff can see it */
  updateFailed: "Mohon maaf, pesanmu belum bisa kami proses karena ada gangguan di sistem kami. Pesanmu sudah tersimpan. Silakan coba lagi sebentar lagi atau ketik /menu.",
  contentUnavailable:
    "Mohon maaf, layanan BINJOL sedang diperbarui. Silakan coba lagi beberapa menit lagi, atau hubungi kantor Disnaker secara langsung.",
} as const;
