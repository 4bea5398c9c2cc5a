/** Reading one listing file: its front-matter fields with typed accessors that report problems by line, and its Markdown body as plain text. */
import { readFileSync } from "node:fs";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import MarkdownIt, { type Token } from "markdown-it";
import { frontMatterEnd } from "./front-matter.ts";

/** A listing's file name: lower-case words joined by single "-". */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A date as content writes it: YYYY-MM-DD. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type Fail = (line: number, message: string) => void;

export interface Field {
  value: unknown;
  /** 1-based line of the key in the file */
  line: number;
  node: unknown;
  /** line of a nested key (kontak.email) */
  lineOf: (offset: number) => number;
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Front matter and body of one listing file; undefined when it cannot be read at all. */
export function readListingFile(
  path: string,
  fail: Fail,
  known: readonly string[],
): { slug: string; fields: Map<string, Field>; description: string; body: { lines: string[]; start: number } } | undefined {
  const slug = path.split("/").pop()!.replace(/\.md$/, "");
  if (!SLUG.test(slug)) {
    fail(1, `the file name '${slug}.md' may hold only lower-case letters, digits and single '-' between words, like 'operator-produksi-pt-maju.md'`);
  }
  const lines = readFileSync(path, "utf8").replace(/\r\n?/g, "\n").split("\n");
  const end = frontMatterEnd(lines, fail);
  if (end === undefined) return undefined;
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join("\n"), { lineCounter: counter, prettyErrors: false });
  const lineOf = (offset: number) => counter.linePos(offset).line + 1;
  for (const e of doc.errors) fail(lineOf(e.pos[0]), `front-matter is not valid YAML: ${e.message.split("\n")[0]}`);
  if (doc.errors.length > 0) return undefined;
  if (!isMap(doc.contents)) {
    fail(2, "the front-matter must hold 'key: value' lines");
    return undefined;
  }
  const fields = new Map<string, Field>();
  for (const item of doc.contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = lineOf(isScalar(item.key) ? item.key.range?.[0] ?? 0 : 0);
    if (!known.includes(key)) {
      fail(line, `'${key}' is not a known field (known: ${known.join(", ")})`);
      continue;
    }
    const node = item.value;
    const value = isScalar(node) ? node.value : node === null || node === undefined ? null : (node as { toJSON(): unknown }).toJSON();
    fields.set(key, { value, line, node, lineOf });
  }
  return {
    slug,
    fields,
    description: markdownToText(lines.slice(end + 1).join("\n")),
    body: { lines: lines.slice(end + 1), start: end + 2 },
  };
}

/** Typed accessors over the front-matter fields; each reports its own problems. */
export function fieldReader(fields: Map<string, Field>, fail: Fail) {
  const line = (key: string) => fields.get(key)?.line ?? 1;
  /** the field, or undefined after reporting it missing (when required) */
  const present = (key: string, required: boolean): Field | undefined => {
    const f = fields.get(key);
    if (!f || f.value === null || f.value === undefined || (typeof f.value === "string" && f.value.trim() === "")) {
      if (required) fail(f?.line ?? 1, f ? `'${key}' is empty` : `'${key}' is missing`);
      return undefined;
    }
    return f;
  };
  return {
    line,
    /** the key is there with a non-empty value */
    has: (key: string) => present(key, false) !== undefined,
    text(key: string, max: number, required = true): string | undefined {
      const f = present(key, required);
      if (!f) return undefined;
      if (typeof f.value !== "string") {
        fail(f.line, typeof f.value === "number" ? `'${key}' must be text: put the value in quotes` : `'${key}' must be text`);
        return undefined;
      }
      const text = f.value.trim().replace(/\s+/g, " ");
      if ([...text].length > max) fail(f.line, `'${key}' is too long (${[...text].length} characters, at most ${max})`);
      return text;
    },
    list(key: string, { min }: { min: number }): string[] | undefined {
      const f = fields.get(key);
      if (!f) {
        fail(1, `'${key}' is missing${min === 0 ? " (write [] when there is none)" : ""}`);
        return undefined;
      }
      if (!Array.isArray(f.value) || f.value.some((v) => typeof v !== "string" && typeof v !== "number")) {
        fail(f.line, `'${key}' must be a list like [one, two] or lines starting with '- '`);
        return undefined;
      }
      const items = f.value.map((v) => String(v).trim().replace(/\s+/g, " ")).filter(Boolean);
      if (items.length < min) {
        fail(f.line, `'${key}' needs at least ${min} item${min === 1 ? "" : "s"}`);
        return undefined;
      }
      return items;
    },
    int(key: string, opts: { min: number; required?: boolean; unit?: string }): number | undefined {
      const f = present(key, opts.required ?? true);
      if (!f) return undefined;
      const unit = opts.unit ? ` (${opts.unit})` : "";
      if (typeof f.value !== "number" || !Number.isSafeInteger(f.value)) {
        fail(f.line, `'${key}' must be a whole number without dots or 'Rp'${unit} (got '${String(f.value)}')`);
        return undefined;
      }
      if (f.value < opts.min) {
        fail(f.line, `'${key}' must be at least ${opts.min} (got ${f.value})`);
        return undefined;
      }
      return f.value;
    },
    bool(key: string, fallback?: boolean): boolean | undefined {
      const f = present(key, fallback === undefined);
      if (!f) return fallback;
      if (typeof f.value !== "boolean") {
        fail(f.line, `'${key}' must be true or false (got '${String(f.value)}')`);
        return undefined;
      }
      return f.value;
    },
    date(key: string): string | undefined {
      const f = present(key, true);
      if (!f) return undefined;
      const v = f.value instanceof Date ? f.value.toISOString().slice(0, 10) : String(f.value);
      if (!isDate(v)) {
        fail(f.line, `'${key}' must be a date like 2026-11-23 (got '${v}')`);
        return undefined;
      }
      return v;
    },
    oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
      const f = present(key, true);
      if (!f) return undefined;
      const v = String(f.value).trim();
      if (!(allowed as readonly string[]).includes(v)) {
        fail(f.line, `'${key}' is '${v}', which is not allowed (allowed: ${allowed.join(", ")})`);
        return undefined;
      }
      return v as T;
    },
  };
}

export function isDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** diverifikasi_oleh and diverifikasi_pada: a listing is published only once an officer has checked it. */
export function readVerification(r: ReturnType<typeof fieldReader>, today: string, fail: Fail): { by: string; on: string } | undefined {
  const why = "a listing is published only after an officer has verified it with the employer or provider";
  let by: string | undefined;
  let on: string | undefined;
  if (r.has("diverifikasi_oleh")) by = r.text("diverifikasi_oleh", 120);
  else fail(r.line("diverifikasi_oleh"), `'diverifikasi_oleh' is missing or empty: ${why}; write the officer's name`);
  if (r.has("diverifikasi_pada")) on = r.date("diverifikasi_pada");
  else fail(r.line("diverifikasi_pada"), `'diverifikasi_pada' is missing or empty: ${why}; write the date of the check, like 2026-11-23`);
  if (on && on > today) {
    fail(r.line("diverifikasi_pada"), `'diverifikasi_pada' ${on} is in the future; write the date the listing was actually verified`);
    return undefined;
  }
  return by && on ? { by, on } : undefined;
}

/** Markdown → plain text: paragraphs apart by a blank line, list items as "• " lines. */
export function markdownToText(source: string): string {
  const blocks: string[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let list: string[] = [];
  let prefix = "";
  for (const t of md.parse(source, {})) {
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({ ordered: t.type === "ordered_list_open", n: Number(t.attrGet("start") ?? 1) - 1 });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        if (lists.length === 0 && list.length > 0) {
          blocks.push(list.join("\n"));
          list = [];
        }
        break;
      case "list_item_open": {
        const top = lists.at(-1)!;
        top.n++;
        prefix = "  ".repeat(lists.length - 1) + (top.ordered ? `${top.n}. ` : "• ");
        break;
      }
      case "inline":
      case "fence":
      case "code_block": {
        const text = t.type === "inline" ? inlineText(t.children ?? []) : t.content.trim();
        if (!text) break;
        if (lists.length === 0) blocks.push(text);
        else {
          list.push((prefix || "  ".repeat(lists.length)) + text);
          prefix = "";
        }
        break;
      }
    }
  }
  return blocks.join("\n\n").trim();
}

export function inlineText(children: Token[]): string {
  let out = "";
  let link: { href: string; start: number } | undefined;
  for (const c of children) {
    if (c.type === "text" || c.type === "code_inline") out += c.content;
    else if (c.type === "softbreak") out += " ";
    else if (c.type === "hardbreak") out += "\n";
    else if (c.type === "image") out += c.content;
    else if (c.type === "link_open") link = { href: String(c.attrGet("href") ?? ""), start: out.length };
    else if (c.type === "link_close" && link) {
      const label = out.slice(link.start);
      const bare = link.href.replace(/^(mailto:|tel:)/, "");
      if (bare && label !== bare) out += ` (${bare})`;
      link = undefined;
    }
  }
  return out.replace(/[ \t]+/g, " ").trim();
}
