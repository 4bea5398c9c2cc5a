/**
 * BINJOL's Discord application commands: what `npm run discord:setup` registers, and how an invocation becomes
 * the core's InboundEvent. Names follow Discord's rules (lowercase, 1-32 of letters, digits, "-" and "_");
 * descriptions are 1-100 characters.
 */
import type { InboundEvent } from "../../core/types.ts";

/** One STRING option (Discord option type 3). */
export interface CommandOptionSpec {
  name: string;
  description: string;
  required: boolean;
  max_length: number;
}

/** One slash command. */
export interface CommandSpec {
  name: string;
  description: string;
  options?: CommandOptionSpec[];
  /** answered visibly in a server channel; every other command is answered to the member alone (ephemeral) */
  public?: boolean;
  /** the core's event for an invocation with this option value */
  event(value: string): InboundEvent;
}

/** Longest text taken from an option (Discord's own cap for a string option is 6,000). */
export const MAX_OPTION_TEXT = 4000;

const command = (name: string, core = name): CommandSpec["event"] => (value) => ({ type: "command", command: core, payload: value, text: `/${name}${value ? ` ${value}` : ""}` });

/** The commands, in the order Discord lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: "menu", description: "Tampilkan menu layanan BINJOL", public: true, event: command("menu") },
  {
    name: "tanya",
    description: "Tanyakan apa saja tentang kerja, atau jawab pertanyaan BINJOL",
    options: [{ name: "pertanyaan", description: "Pertanyaan atau jawaban Anda", required: true, max_length: MAX_OPTION_TEXT }],
    event: (value) => ({ type: "text", text: value }),
  },
  { name: "lowongan", description: "Lihat lowongan kerja yang sudah diverifikasi Disnaker", public: true, event: command("lowongan") },
  { name: "pelatihan", description: "Lihat jadwal pelatihan kerja", public: true, event: command("pelatihan") },
  {
    name: "cek-lowongan",
    description: "Periksa apakah tawaran kerja yang Anda terima mencurigakan",
    options: [{ name: "teks", description: "Tempel teks lowongan atau tawaran kerja yang ingin diperiksa", required: false, max_length: MAX_OPTION_TEXT }],
    event: command("cek-lowongan", "cek_lowongan"),
  },
  { name: "konselor", description: "Minta bantuan konselor Disnaker", event: command("konselor") },
  { name: "profil", description: "Isi profil agar mendapat lowongan yang cocok", event: command("profil") },
  { name: "privasi", description: "Baca cara BINJOL menyimpan dan menjaga data Anda", event: command("privasi") },
  { name: "datasaya", description: "Lihat data Anda yang disimpan BINJOL", event: command("datasaya") },
  { name: "hapusdata", description: "Hapus semua data Anda di BINJOL", event: command("hapusdata") },
];

/** The body of PUT /applications/{application id}/commands (bulk overwrite of the global commands). */
export function registrationBody(): Array<Record<string, unknown>> {
  return COMMANDS.map((c) => ({
    name: c.name,
    description: c.description,
    type: 1,
    // usable in servers (0) and in the bot's DMs (1); installed to servers only (0)
    contexts: [0, 1],
    integration_types: [0],
    ...(c.options ? { options: c.options.map((o) => ({ type: 3, ...o })) } : {}),
  }));
}
