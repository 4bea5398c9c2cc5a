/**
 * Builds the chat widget with esbuild:
 *  - public/widget.js (src/channels/webchat/widget/index.ts): the launcher the host page embeds with one script tag
 *  - public/widget/frame.js (…/frame.ts) and public/widget/frame.css: the chat inside the iframe that the Worker
 *    serves at /widget/frame (src/channels/webchat/frame.ts)
 */
import { mkdirSync, writeFileSync } from "node:fs";
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
console.log("built public/widget.js, public/widget/frame.js and public/widget/frame.css");
