/**
 * Rendering benchmark, run by node (`npm run bench:render`): every guide (whole and each section) and a
 * long rich reply rendered from blocks to Telegram HTML, the widget's HTML and plain text, warm, per reply;
 * and the guides' size in the bundle. The content is compiled from content/ first. Prints a Markdown section.
 */
import { join } from "node:path";
import { renderReply } from "../src/channels/telegram/render.ts";
import { blocksWebHtml } from "../src/channels/webchat/render.ts";
import { compileContent } from "../src/content/compiler.ts";
import { replyBlocks } from "../src/core/reply-blocks.ts";
import { blocksText, bold, line, richBody, type Line } from "../src/core/rich.ts";
import type { Reply, ReplyBody } from "../src/core/types.ts";

const ROUNDS = 200;

const { bundle, errors } = compileContent(join(process.cwd(), "content"));
if (!bundle) {
  console.error(errors.map((e) => `${e.file} line ${e.line}: ${e.message}`).join("\n"));
  process.exit(1);
}

const bodies: ReplyBody[] = [];
for (const t of Object.values(bundle.topics)) {
  bodies.push({ kind: "guide", topic: t.id });
  for (const s of t.sections) bodies.push({ kind: "guide", topic: t.id, section: s.id });
}
const list: Line[] = [];
for (let i = 1; i <= 5; i++) list.push([], line(`${i}. `, bold(`Operator Produksi <${i}> & Gudang`)), line("PT Contoh Jaya"), line("📍 Kanigoro · 🎓 min. SMK · ⏳ 31 Mar 2027"));
bodies.push(richBody(list));

function perReply(render: (body: ReplyBody) => unknown): number {
  for (const b of bodies) render(b); // warm
  const start = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const b of bodies) render(b);
  return ((performance.now() - start) * 1000) / (ROUNDS * bodies.length);
}

const reply = (body: ReplyBody): Reply => ({ topic: body.kind === "guide" ? body.topic : "lowongan", body, buttons: [{ label: "Menu", action: "menu" }] });
const telegram = perReply((b) => renderReply(reply(b), bundle));
const web = perReply((b) => blocksWebHtml(replyBlocks(b, bundle)));
const text = perReply((b) => blocksText(replyBlocks(b, bundle)));
const guidesBytes = Buffer.byteLength(JSON.stringify(bundle.topics));

console.log("## Rendering (blocks → channel)\n");
console.log(`${bodies.length} replies (${Object.keys(bundle.topics).length} whole guides, their sections, one vacancy list), ${ROUNDS} warm rounds\n`);
console.log("| renderer | µs per reply |");
console.log("| --- | ---: |");
console.log(`| Telegram HTML (split at 4,096) | ${telegram.toFixed(1)} |`);
console.log(`| widget HTML (autolinks) | ${web.toFixed(1)} |`);
console.log(`| plain text | ${text.toFixed(1)} |`);
console.log(`\nguides in the bundle (sections as blocks): ${(guidesBytes / 1024).toFixed(1)} KiB JSON`);
