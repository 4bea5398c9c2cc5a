/** What the seeker reads about the files they send (Bahasa Indonesia). */
import type { FileRefusal, Reply } from "./types.ts";

/** Largest file accepted on any channel (5 MB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Files one conversation may send per rolling day. */
export const FILES_PER_DAY = 10;

/** Sizes as people read them: "850 KB", "1,2 MB" (decimal comma). */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
}

export const fileStrings = {
  /** a PDF or DOCX was stored */
  documentReceived: (name: string, size: string) =>
    `Terima kasih, berkas "${name}" (${size}) sudah kami terima dan disimpan untuk konselor. Kalau ingin CV atau dokumenmu diperiksa, tekan tombol konselor di bawah; berkas ini ikut terlihat oleh petugas.`,
  /** a photo was stored: it may be a job poster */
  photoReceived:
    "Terima kasih, fotonya sudah kami terima. Kalau itu poster atau tangkapan layar lowongan, tekan \"Cek lowongan\" lalu tempel teks lowongannya, atau tekan tombol konselor supaya petugas yang memeriksa fotonya.",
  /** a file was refused; the reason follows */
  refused: {
    "too-large": "Maaf, berkasnya terlalu besar. Ukuran maksimal 5 MB; coba kirim versi yang lebih kecil, misalnya PDF hasil ekspor atau foto dengan resolusi lebih rendah.",
    type: "Maaf, jenis berkas ini tidak bisa kami terima. Kirim CV atau dokumen dalam bentuk PDF atau DOCX, dan foto dalam bentuk JPEG atau PNG.",
    limit: (perDay: number) => `Maaf, kamu sudah mengirim ${perDay} berkas hari ini, batas harian kami. Silakan kirim lagi besok, atau tulis pertanyaanmu dalam bentuk teks.`,
    failed: "Maaf, berkasnya gagal kami ambil. Silakan coba kirim sekali lagi.",
  } as const,
};

/** The seeker's message for a refused file. */
export function refusalText(refusal: FileRefusal, perDay = FILES_PER_DAY): string {
  const r = fileStrings.refused[refusal];
  return typeof r === "function" ? r(perDay) : r;
}

/** What a channel that cannot carry a counsellor's file says in its place: which file, and how to get it. */
export function fileNotice(file: { name: string; type: string; size: number }, channel: string): string {
  return `📎 Petugas melampirkan berkas "${file.name}" (${file.type.toUpperCase()}, ${formatSize(file.size)}), tetapi berkas belum bisa dikirim lewat ${channel}. Untuk mendapatkannya, balas pesan ini dengan alamat emailmu agar petugas mengirimkannya lewat email, atau mintalah salinannya di kantor Disnaker.`;
}

/** A reply whose file this channel cannot send, as text: the counsellor's words (if any), then the notice. */
export function fileAsText(reply: Reply, channel: string): Reply {
  if (!reply.file || reply.body.kind !== "text") return reply;
  const { file, ...rest } = reply;
  const words = reply.body.text.trim();
  const notice = fileNotice(file, channel);
  return { ...rest, body: { kind: "text", text: words ? `${words}\n\n${notice}` : notice } };
}
