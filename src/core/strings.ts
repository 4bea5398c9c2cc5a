/** The bot's own short texts in Bahasa Indonesia; guides live in content/. */
export const strings = {
  backToMenu: "⬅️ Kembali ke menu",
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
  contentUnavailable:
    "Mohon maaf, layanan BINJOL sedang diperbarui. Silakan coba lagi beberapa menit lagi, atau hubungi kantor Disnaker secara langsung.",
} as const;
