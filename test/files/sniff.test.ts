/** The file type from the bytes (magic numbers and Word's ZIP entries), never from the name. */
import { describe, expect, it } from "vitest";
import { sniffType, zipEntryNames } from "../../src/files/sniff.ts";
import { cleanName } from "../../src/files/store.ts";
import { contentDisposition } from "../../src/counsellor/files.ts";
import { formatSize } from "../../src/core/strings-files.ts";
import { docxBytes, jpegBytes, pdfBytes, pngBytes, zipBytes } from "../helpers/files.ts";

describe("sniffType", () => {
  it("knows PDF, JPEG, PNG and DOCX by their bytes", () => {
    expect(sniffType(pdfBytes())).toBe("pdf");
    expect(sniffType(jpegBytes())).toBe("jpeg");
    expect(sniffType(pngBytes())).toBe("png");
    expect(sniffType(docxBytes())).toBe("docx");
  });

  it("refuses a ZIP that is not a Word document, other formats, and truncated magic numbers", () => {
    expect(sniffType(zipBytes({ "[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>" }))).toBeUndefined();
    expect(sniffType(zipBytes({ "word/document.xml": "<x/>" }))).toBeUndefined();
    expect(sniffType(new TextEncoder().encode("GIF89a..."))).toBeUndefined();
    expect(sniffType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeUndefined();
    expect(sniffType(Uint8Array.from([0x25, 0x50, 0x44]))).toBeUndefined();
    expect(sniffType(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
  });

  it("reads a ZIP's entry names from its central directory", () => {
    expect(zipEntryNames(docxBytes())).toEqual(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
  });
});

describe("names and sizes", () => {
  it("keeps only the file name, without paths, quotes or control characters", () => {
    expect(cleanName("C:\\Users\\budi\\CV Budi.pdf", "pdf")).toBe("CV Budi.pdf");
    expect(cleanName('../"evil"\n.pdf', "pdf")).toBe("evil.pdf");
    expect(cleanName("   ", "jpeg")).toBe("berkas.jpg");
    expect(cleanName(`${"a".repeat(300)}.pdf`, "pdf")).toHaveLength(120);
  });

  it("offers the download as an attachment with an ASCII and a UTF-8 name", () => {
    expect(contentDisposition("CV Budi.pdf", "pdf")).toBe(`attachment; filename="CV Budi.pdf"; filename*=UTF-8''CV%20Budi.pdf`);
    expect(contentDisposition("Lamaran kerja – Siti", "docx")).toBe(`attachment; filename="Lamaran kerja _ Siti.docx"; filename*=UTF-8''Lamaran%20kerja%20%E2%80%93%20Siti.docx`);
  });

  it("formats sizes with a decimal comma", () => {
    expect(formatSize(300)).toBe("1 KB");
    expect(formatSize(850 * 1024)).toBe("850 KB");
    expect(formatSize(1.25 * 1024 * 1024)).toBe("1,3 MB");
  });
});
