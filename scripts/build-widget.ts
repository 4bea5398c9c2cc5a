/**
 * Builds the chat widget with esbuild:
 *  - public/widget.js (src/channels/webchat/widget/index.ts): the launcher the host page embeds with one script tag
 *  - public/widget/frame.js (…/frame.ts) and public/widget/frame.css: the chat inside the iframe that the Worker
 *    serves at /widget/frame (src/channels/webchat/frame.ts)
 * Prints each file's gzipped size and exits non-zero when the three together exceed the budget of PRODUCT.md
 * (15 KB gzipped: what a visitor downloads), as scripts/bench-widget.ts measures it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions } from "esbuild";
import { frameCss } from "../src/channels/webchat/widget/frame-css.ts";

const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019", "chrome80", "firefox78", "safari13"],
  legalComments: "none",
  logLevel: "warning",
};

await build({ ...common, entryPoints: ["src/channels/webchat/widget/index.ts"], outfile: "public/widget.js" });
await build({ ...common, entryPoints: ["src/channels/webchat/widget/frame.ts"], outfile: "public/widget/frame.js" });
mkdirSync("public/widget", { recursive: true });
// the same minification esbuild gives the bundles: drop newlines (the rules are written one per line)
writeFileSync("public/widget/frame.css", frameCss.trim().replace(/\n+/g, ""));
/** The budget for the three files together, gzipped (bytes). */
const BUDGET = 15 * 1024;
let total = 0;
for (const file of ["public/widget.js", "public/widget/frame.js", "public/widget/frame.css"]) {
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes).length;
  total += gz;
  console.log(`built ${file}: ${bytes.length} bytes, ${gz} gzipped`);
}
console.log(`widget total: ${total} bytes gzipped (budget ${BUDGET})`);
if (total > BUDGET) {
  console.error(`the widget is ${total - BUDGET} bytes over its budget of 15 KB gzipped`);
  process.exit(1);
}
