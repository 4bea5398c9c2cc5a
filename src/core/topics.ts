/** The stable topic ids of PRODUCT.md: content, logs, statistics and the web-chat API use them. */
export const TOPIC_IDS = [
  "menu",
  "dunia-kerja",
  "potensi-diri",
  "lowongan",
  "pelatihan",
  "konselor",
  "tips-kerja",
  "cv",
  "wawancara",
  "kartu-ak1",
  "cek-lowongan",
  "keuangan",
  "disabilitas",
  "kerja-luar-negeri",
  "bkk",
  "privasi",
  "kontak",
  "profil",
  "hak-pekerja",
  "klaim-bpjs",
  "dokumen-kerja",
  "pmi-purna",
  "unknown",
] as const;

/** One topic id. */
export type TopicId = (typeof TOPIC_IDS)[number];

const topicSet: ReadonlySet<string> = new Set(TOPIC_IDS);

/** True when `value` is one of the topic ids. */
export function isTopicId(value: unknown): value is TopicId {
  return typeof value === "string" && topicSet.has(value);
}
