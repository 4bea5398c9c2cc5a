/**
 * The learned topic model (src/core/topic-model.ts): trained at content build on `contoh:` lines and
 * content/latihan/, deterministic, small, and combined with the rules as the router documents (it fills in what the
 * rules do not understand, overrules them only when very sure, never touches greetings or words in another sense).
 */
import { join } from "node:path";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { latihanFromEval, scamFromEval } from "../../scripts/latihan-from-eval.ts";
import { afterEach, describe, expect, it } from "vitest";
import { compileContent, formatError, officeToday } from "../../src/content/compiler.ts";
import { relativeContent } from "../../src/content/relative-dates.ts";
import { buildIndex } from "../../src/content/index-builder.ts";
import { MODEL_CLASSES, trainTopicModel } from "../../src/content/topic-model-train.ts";
import { modelFeatures, predictTopics, type TopicModel } from "../../src/core/topic-model.ts";
import { route } from "../../src/core/router.ts";
import type { TopicId } from "../../src/core/topics.ts";

const REAL = join(process.cwd(), "content");
const TODAY = officeToday(Date.UTC(2026, 11, 6));
const dirs: string[] = [];

function compileWith(edit: (dir: string) => void = () => {}) {
  const { dir, cwd } = relativeContent(REAL, TODAY);
  dirs.push(cwd);
  edit(dir);
  const result = compileContent(dir, { cwd, today: TODAY });
  return { ...result, messages: result.errors.map(formatError) };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the topic model in the compiled content", () => {
  it("is trained on the real content, small enough to ship in the index, and the same on every build", () => {
    const a = compileWith().bundle!;
    const b = compileWith().bundle!;
    expect(a.index.model).toBeDefined();
    expect(a.index.model!.classes).toEqual([...MODEL_CLASSES]);
    expect(JSON.stringify(a.index.model).length).toBeLessThan(200_000);
    expect(JSON.stringify(a.index.model)).toBe(JSON.stringify(b.index.model));
    expect(a.version).toBe(b.version);
  });

  it("learns from content/latihan/: a question with words no guide has is understood once editors add examples", () => {
    const question = "kwintil itu apa sih";
    const before = compileWith().bundle!;
    expect(route(before.index, question).topic).toBe("unknown");
    const after = compileWith((d) =>
      writeFileSync(
        join(d, "latihan", "tambahan.tsv"),
        ["# new examples", "kwintil itu apa", "mau bikin kwintil", "syarat kwintil apa saja", "kwintil hilang gimana", "kwintil gratis ga"]
          .map((l, i) => (i === 0 ? l : `${l}\tkartu-ak1`))
          .join("\n"),
      ),
    ).bundle!;
    expect(route(after.index, question)).toMatchObject({ topic: "kartu-ak1", confident: true });
    expect(after.version).not.toBe(before.version);
  });

  it("names the file and line of a training question with a topic that does not exist", () => {
    const { bundle, messages } = compileWith((d) => writeFileSync(join(d, "latihan", "salah.tsv"), "# header\nkartu kuning\tkartu-kuning\n"));
    expect(bundle).toBeUndefined();
    expect(messages).toEqual(["content/latihan/salah.tsv line 2: 'kartu-kuning' is not a topic id"]);
  });

  /** First column (lower case) of every row of the locked halves named `prefix`*: compared, never printed. */
  function lockedFirstColumns(prefix: string): string[] {
    const lockedDir = join(process.cwd(), "eval", "locked");
    return readdirSync(lockedDir)
      .filter((f) => f.startsWith(prefix) && f.endsWith(".tsv"))
      .flatMap((f) => readFileSync(join(lockedDir, f), "utf8").split("\n"))
      .filter((l) => l.trim() && !l.startsWith("#"))
      .map((l) => l.split("\t")[0]!.trim().toLowerCase());
  }

  it.each([
    ["topic model", latihanFromEval, "evaluasi-released.tsv", "routing-locked"],
    ["scam model", scamFromEval, "penipuan/evaluasi-released.tsv", "scam-locked"],
  ] as const)("keeps every locked row out of the %s's training file, and the file is up to date", (_name, make, file, prefix) => {
    const r = make();
    expect(readFileSync(join(REAL, "latihan", file), "utf8")).toBe(r.text);
    const training = new Set(r.text.split("\n").map((l) => l.split("\t")[0]!.trim().toLowerCase()));
    const locked = lockedFirstColumns(prefix);
    expect(locked.length).toBeGreaterThan(0);
    // counts only: a locked row is never printed
    expect(locked.filter((q) => training.has(q)).length).toBe(0);
  });
});

describe("training and prediction", () => {
  const examples = [
    { text: "cara membuat kartu kuning", topics: ["kartu-ak1" as TopicId] },
    { text: "syarat kartu kuning apa", topics: ["kartu-ak1" as TopicId] },
    { text: "lowongan kerja di pabrik", topics: ["lowongan" as TopicId] },
    { text: "ada lowongan kasir", topics: ["lowongan" as TopicId] },
    { text: "jadwal kereta ke malang", topics: ["unknown" as TopicId] },
  ].filter((e) => MODEL_CLASSES.includes(e.topics[0]!));

  it("gives the same weights for the same examples and learns their topics", () => {
    const a = trainTopicModel(examples, MODEL_CLASSES);
    expect(JSON.stringify(trainTopicModel(examples, MODEL_CLASSES))).toBe(JSON.stringify(a));
    expect(predictTopics(a, "kartu kuning")[0]!.topic).toBe("kartu-ak1");
    expect(predictTopics(a, "kereta malang")[0]!.topic).toBe("unknown");
    const p = predictTopics(a, "kartu kuning");
    expect(p.reduce((s, x) => s + x.p, 0)).toBeCloseTo(1, 6);
  });

  it("reads words through slang and stems, and pairs neighbouring words", () => {
    const f = modelFeatures("gmn ngurus kartu kuning");
    expect(f).toContain("w:urus");
    expect(f).toContain("b:kartu_kuning");
  });
});

describe("the router with a model", () => {
  const index = buildIndex([
    { topic: "menu", title: "Menu", keywords: ["halo", "menu"], headings: [], body: "" },
    { topic: "kartu-ak1", title: "Kartu AK/1", keywords: ["kartu kuning", "ak1"], headings: [], body: "Kartu pencari kerja dari Disnaker." },
    { topic: "pelatihan", title: "Pelatihan kerja", keywords: ["pelatihan", "kursus", "blk"], headings: [], body: "Pelatihan gratis di BLK." },
  ]);
  const model = (weights: Record<string, Array<[TopicId, number]>>): TopicModel => ({
    classes: [...MODEL_CLASSES],
    bias: MODEL_CLASSES.map(() => 0),
    weights: Object.fromEntries(Object.entries(weights).map(([f, ws]) => [f, ws.map(([t, w]) => `${MODEL_CLASSES.indexOf(t)}:${w * 100}`).join(",")])),
  });

  it("answers a message the rules do not understand when the model is sure enough", () => {
    const text = "zorblat itu apa";
    expect(route(index, text).topic).toBe("unknown");
    expect(route({ ...index, model: model({ "w:zorblat": [["pelatihan", 8]] }) }, text)).toMatchObject({ topic: "pelatihan", confident: true });
    // not sure enough: the rules' "not understood" stands
    expect(route({ ...index, model: model({ "w:zorblat": [["pelatihan", 1]] }) }, text).topic).toBe("unknown");
  });

  it("overrules a confident rule answer only when sure enough", () => {
    const text = "kursus kartu kuning"; // "kursus" reads as "pelatihan", stem "latih"
    const rules = route(index, text);
    expect(rules.confident).toBe(true);
    const other = rules.topic === "pelatihan" ? "kartu-ak1" : "pelatihan";
    expect(route({ ...index, model: model({ "w:latih": [[other, 0.5]] }) }, text).topic).toBe(rules.topic);
    expect(route({ ...index, model: model({ "w:latih": [[other, 5]] }) }, text)).toMatchObject({ topic: other, confident: true });
  });

  it("leaves greetings to the rules", () => {
    expect(route({ ...index, model: model({ "w:halo": [["pelatihan", 20]] }) }, "halo").topic).not.toBe("pelatihan");
  });
});
