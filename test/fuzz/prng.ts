import { mulberry32 } from "../../src/text/mulberry32.ts";

/** A small seeded PRNG (mulberry32) so every fuzz run is reproducible from its seed. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

/** Texts that break naive code: bidi controls, zero-width, combining marks, emoji sequences, lone surrogates, HTML. */
export const NASTY_TEXTS = [
  "\u202Eتقديم طلب وظيفة\u202C halo",
  "lo\u200Bker\u200D ada\uFEFF?",
  "c\u0301\u0327a\u0308r\u0338a\u0336 bikin cv",
  "Z̸̧̛̛̖̗̜̝̞̟͇͈͉͍͎̽̾̿̀́͂̓̈́͆͊͋͌̚͘͜͝͠͡algo",
  "👩🏽‍💻👨‍👩‍👧‍👦🇮🇩 loker",
  "\uD800 lone surrogate",
  "<b>tebal</b> & <script>alert(1)</script> <img src=x onerror=alert(1)>",
  "&amp; &lt; &gt; &#x27; \"quoted\"",
  "\u0000\u0001\u0007 control",
  "𝓬𝓪𝓻𝓪 𝓫𝓲𝓴𝓲𝓷 𝓬𝓿",
  "٣٤٥ ١٢٣ angka arab",
  "/start@binjol_test_bot cv",
  "/",
  "/ " + "x".repeat(100),
  " ".repeat(50),
  "\n\n\n",
  "a".repeat(4096),
  "ada loker " + "🙏".repeat(500),
];
