/** Builds the chat widget (src/channels/webchat/widget/index.ts) into public/widget.js with esbuild. */
import { build } from "esbuild";

await build({
  entryPoints: ["src/channels/webchat/widget/index.ts"],
  outfile: "public/widget.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019", "chrome80", "firefox78", "safari13"],
  legalComments: "none",
  logLevel: "warning",
});
console.log("built public/widget.js");
