/**
 * Keywords route a question to a guide, so the guide must answer it: every front-matter keyword of
 * every guide appears, normalised as the router normalises it, in that guide's body or section titles.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { compileContent, formatError } from "../../src/content/compiler.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import { terms } from "../../src/text/normalise.ts";
import { TOPIC_IDS, type TopicId } from "../../src/core/topics.ts";

const ROOT = join(process.cwd(), "content");

/**
 * Known gaps in guides another piece of work owns (the privacy and profile guides of issue 12, part 4):
 * listed exactly, so any new gap still fails. Delete an entry once its guide answers the keyword.
 */
const KNOWN_GAPS: Partial<Record<TopicId, string[]>> = {
  privasi: ["kebijakan privasi", "keamanan data"],
  profil: ["edit profil", "data diri"],
};

function compile(): ContentBundle {
  const { bundle, errors } = compileContent(ROOT, { cwd: process.cwd() });
  if (!bundle) throw new Error(errors.map(formatError).join("\n"));
  return bundle;
}

/** The `keywords` list of a guide's front-matter (synonyms are spellings and slang, not checked). */
function keywordsOf(id: TopicId): string[] {
  const source = readFileSync(join(ROOT, "topik", `${id}.md`), "utf8").replace(/\r\n?/g, "\n");
  const front = source.split("\n---")[0]!.replace(/^---\n/, "");
  const data = parseDocument(front).toJSON() as { keywords?: unknown };
  return Array.isArray(data.keywords) ? data.keywords.map(String) : [];
}

/** The keyword's terms that the guide's text (body and section titles, not the guide title) lacks. */
export function missingTerms(keyword: string, text: string): string[] {
  const have = new Set(terms(text));
  return terms(keyword).filter((t) => !have.has(t));
}

describe("guide keywords are answered on their page", () => {
  const bundle = compile();
  // The menu and the fallback page only greet or apologise; every other topic is a guide.
  const guides = TOPIC_IDS.filter((id) => id !== "menu" && id !== "unknown");

  it("finds a keyword's words in the text in any form the router reads the same", () => {
    expect(missingTerms("gaji belum dibayar", "Kalau gajimu belum dibayarkan, laporkan.")).toEqual([]);
    expect(missingTerms("klaim jht", "Cara mencairkan JHT lewat JMO")).toEqual(["klaim"]);
  });

  for (const id of guides) {
    it(`${id}: every keyword appears in the guide`, () => {
      const keywords = keywordsOf(id);
      expect(keywords.length, `${id} has no keywords`).toBeGreaterThan(0);
      const text = bundle.topics[id].text;
      const missing = keywords
        .map((k) => ({ keyword: k, missing: missingTerms(k, text) }))
        .filter((m) => m.missing.length > 0 && !KNOWN_GAPS[id]?.includes(m.keyword))
        .map((m) => `${m.keyword} (missing: ${m.missing.join(", ")})`);
      expect(missing, `content/topik/${id}.md: keywords the guide does not answer`).toEqual([]);
    });
  }
});
