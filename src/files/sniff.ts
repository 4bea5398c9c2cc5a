/**
 * The type of a file from its bytes (magic numbers), never from its name or the sender's MIME type: PDF, JPEG, PNG,
 * and DOCX (a ZIP archive whose central directory lists "[Content_Types].xml" and entries under "word/").
 */

/** The file types BINJOL accepts. */
export const FILE_TYPES = ["pdf", "jpeg", "png", "docx"] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** What a counsellor's dashboard and the seeker's /datasaya call each type. */
export const FILE_TYPE_LABELS: Record<FileType, string> = { pdf: "PDF", jpeg: "JPEG", png: "PNG", docx: "DOCX" };

/** The usual extension of each type, for a download name that has none. */
export const FILE_EXTENSIONS: Record<FileType, string> = { pdf: ".pdf", jpeg: ".jpg", png: ".png", docx: ".docx" };

/** The type of `bytes`, or undefined when it is none of the accepted types. */
export function sniffType(bytes: Uint8Array): FileType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && isWordArchive(bytes)) return "docx";
  return undefined;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** Longest ZIP comment plus the end-of-central-directory record: where its signature can be. */
const EOCD_SEARCH = 0xffff + 22;

/** True when the ZIP's central directory names "[Content_Types].xml" and at least one "word/" entry. */
export function isWordArchive(bytes: Uint8Array): boolean {
  const names = zipEntryNames(bytes);
  if (!names) return false;
  return names.includes("[Content_Types].xml") && names.some((n) => n.startsWith("word/"));
}

/** The entry names of a ZIP archive's central directory (at most 2,000), or undefined when it is not a readable ZIP. */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - EOCD_SEARCH); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < Math.min(entries, 2000); n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return undefined;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
