/** The dashboard's Indonesian labels and messages (counsellors are Indonesian staff). */

/** Case outcomes as counsellors read them; keys are the stored outcome ids. */
export const outcomeLabels: Record<string, string> = {
  informed: "Informasi diberikan",
  vacancy: "Dirujuk ke lowongan",
  training: "Dirujuk ke pelatihan",
  ak1: "Proses AK/1",
  placed: "Sudah bekerja",
  other: "Lainnya",
  expired: "Kedaluwarsa (tanpa pesan)",
  spam: "Spam (tidak dihitung di statistik)",
};

/** Case statuses. */
export const statusLabels: Record<string, string> = {
  waiting: "Menunggu",
  open: "Ditangani",
  closed: "Selesai",
  left: "Keluar antrean",
};

/** Channels. */
export const channelLabels: Record<string, string> = {
  telegram: "Telegram",
  web: "Web",
  whatsapp: "WhatsApp",
  discord: "Discord",
};

/** How far an outbound WhatsApp message got, from Meta's status webhooks (the transcript shows it under the message). */
export const deliveryLabels: Record<string, string> = {
  sent: "✓ terkirim",
  delivered: "✓✓ diterima",
  read: "✓✓ dibaca",
};

/** The reply form's notice when WhatsApp's 24-hour customer-service window is closed, and what is sent instead. */
export const whatsappWindow = {
  closed: "Jendela 24 jam tertutup: pesan terakhir pencari kerja lebih dari 24 jam yang lalu, jadi WhatsApp tidak menerima pesan biasa.",
  template: (name: string) => `Balasan Anda dikirim sebagai templat pesan “${name}” yang sudah disetujui Meta, dengan teks balasan sebagai isinya (dikenai biaya per pesan).`,
  noTemplate: "Belum ada templat balasan konselor (WHATSAPP_TEMPLATE_COUNSELLOR), jadi balasan tidak dapat terkirim sampai pencari kerja menulis lagi.",
};

/** Who wrote a message. */
export const senderLabels: Record<string, string> = {
  seeker: "Pencari kerja",
  bot: "BINJOL",
  counsellor: "Petugas",
};

/** Intake fields. */
export const intakeLabels: Record<string, string> = {
  need: "Kebutuhan",
  education: "Pendidikan",
  kecamatan: "Kecamatan",
};

/** Inbox tabs. */
export const viewLabels = {
  waiting: "Menunggu",
  mine: "Milik saya",
  all: "Semua",
  closed: "Selesai",
} as const;

/** One-line notices shown after an action (keys travel in the redirect's ?ok= / ?err=). */
export const notices: Record<string, string> = {
  blocked: "Pencari kerja diblokir: pesannya tetap tersimpan, bot hanya memberi tahu sekali lalu diam.",
  unblocked: "Blokir dibuka: bot melayani pencari kerja ini lagi.",
  sent: "Balasan terkirim.",
  duplicate: "Balasan ini sudah dikirim sebelumnya (formulir terkirim dua kali).",
  failed: "Balasan tersimpan tetapi belum terkirim ke pencari kerja.",
  claimed: "Kasus ini sekarang Anda tangani.",
  assigned: "Kasus dialihkan.",
  labels: "Label disimpan.",
  note: "Catatan disimpan.",
  closed: "Kasus ditutup. Bot akan meminta penilaian dari pencari kerja.",
  spam: "Kasus ditandai spam dan ditutup; tidak dihitung di statistik.",
  "spam-blocked": "Kasus ditandai spam dan ditutup; pencari kerja ini diblokir.",
  "already-claimed": "Kasus ini sudah ditangani petugas lain.",
  "not-yours": "Kasus ini ditangani petugas lain. Minta admin atau petugas tersebut untuk mengalihkannya.",
  "not-active": "Kasus ini sudah selesai atau pencari kerja sudah keluar dari antrean.",
  "empty-text": "Tulis balasan, pilih balasan cepat, atau lampirkan berkas terlebih dahulu.",
  "file-too-large": "Berkas terlalu besar. Ukuran lampiran paling besar 5 MB; balasan belum dikirim.",
  "file-type": "Jenis berkas tidak didukung. Lampirkan PDF, DOCX, JPEG, atau PNG; balasan belum dikirim.",
  "file-failed": "Berkas gagal disimpan. Coba kirim sekali lagi; balasan belum dikirim.",
  "too-long": "Teks terlalu panjang.",
  "bad-outcome": "Pilih hasil layanan sebelum menutup kasus.",
  "bad-counsellor": "Petugas tujuan tidak ditemukan atau tidak aktif.",
  "bad-request": "Isian formulir tidak valid. Muat ulang halaman lalu coba lagi.",
  "bad-labels": "Label hanya boleh huruf, angka, spasi dan tanda hubung, paling banyak 10 label.",
};

/** Login page messages. */
export const loginMessages = {
  wrong: "Email atau kata sandi salah, atau akun tidak aktif.",
  throttled: (seconds: number) =>
    `Terlalu banyak percobaan masuk dari sini. Silakan coba lagi dalam ${seconds < 60 ? `${seconds} detik` : `${Math.ceil(seconds / 60)} menit`}. Percobaan dari jaringan yang biasa Anda pakai tidak ikut tertahan.`,
  expired: "Sesi Anda telah berakhir. Silakan masuk kembali.",
  loggedOut: "Anda telah keluar.",
  formExpired: "Formulir kedaluwarsa. Silakan coba lagi.",
  accessOnly: "Dasbor ini dibuka melalui Cloudflare Access. Masuk dengan akun kantor Anda.",
  accessDenied: "Akun Cloudflare Access Anda tidak terdaftar sebagai petugas aktif.",
};

/** Error pages. */
export const errorMessages = {
  notFound: "Halaman atau kasus tidak ditemukan.",
  forbidden: "Permintaan ditolak karena token formulir tidak valid. Muat ulang halaman lalu coba lagi.",
  badRequest: "Permintaan tidak valid.",
  internal: "Terjadi kesalahan di server. Silakan coba lagi sebentar lagi.",
};

/** Passkey sign-in, registration and the settings page. */
export const passkeyMessages = {
  failed: "Passkey tidak dikenali, sudah dicabut, atau akunnya tidak aktif. Coba passkey lain atau masuk dengan kata sandi.",
  expired: "Waktu masuk habis. Silakan coba lagi.",
  unsupported: "Peramban ini tidak mendukung passkey.",
  cancelled: "Passkey dibatalkan atau tidak tersedia di perangkat ini.",
  inviteInvalid: "Tautan undangan ini tidak berlaku: sudah dipakai, kedaluwarsa, atau akunnya tidak aktif. Minta tautan baru kepada admin.",
  registerFailed: "Passkey tidak dapat didaftarkan. Silakan coba lagi.",
  duplicate: "Passkey ini sudah terdaftar.",
  tooMany: "Akun ini sudah memiliki terlalu banyak passkey. Cabut yang tidak dipakai lagi.",
  added: "Passkey ditambahkan.",
  revoked: "Passkey dicabut dan tidak dapat dipakai lagi untuk masuk.",
  notFound: "Passkey tidak ditemukan atau sudah dicabut.",
  accessOnly: "Dasbor ini dibuka melalui Cloudflare Access, sehingga passkey tidak dipakai di sini.",
  promptCreate: "Ikuti petunjuk di perangkat Anda untuk membuat passkey…",
  promptGet: "Ikuti petunjuk di perangkat Anda…",
  scriptError: "Terjadi kesalahan. Silakan coba lagi.",
  requestFailed: "Permintaan gagal. Muat ulang halaman lalu coba lagi.",
};
