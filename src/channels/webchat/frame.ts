/**
 * GET /widget/frame: the page of the chat frame that widget.js puts on the office's site. The chat and its session
 * token live in this page, on the Worker's origin, so no script of the host page can read them. It is served by the
 * Worker rather than as a static asset because its Content-Security-Policy names who may embed it: frame-ancestors
 * is 'self' (the /demo page) plus each origin of ALLOWED_ORIGINS. Its script and CSS are static assets
 * (public/widget/frame.js and frame.css, built by scripts/build-widget.ts); it makes requests only to this origin.
 */
import { Hono } from "hono";
import type { Env } from "../../env.ts";

/** The page: the frame's script builds the dialog into <body>. */
const PAGE = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Obrolan BINJOL</title>
<link rel="stylesheet" href="/widget/frame.css">
<script src="/widget/frame.js" defer></script>
</head>
<body></body>
</html>
`;

/** The origins of ALLOWED_ORIGINS that are exact http(s) origins; anything else is dropped, never copied into the header. */
export function frameAncestors(allowed: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of (allowed ?? "").split(",")) {
    const value = raw.trim();
    try {
      const url = new URL(value);
      if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === value && !out.includes(value)) out.push(value);
    } catch {
      // not an origin
    }
  }
  return out;
}

/** The frame page's Content-Security-Policy for this environment. */
export function frameCsp(allowed: string | undefined): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${["'self'", ...frameAncestors(allowed)].join(" ")}`,
  ].join("; ");
}

/** The sub-app mounted at /widget. */
export function widgetFrame() {
  const app = new Hono<{ Bindings: Env }>();
  app.get("/frame", (c) =>
    c.body(PAGE, 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": frameCsp(c.env.ALLOWED_ORIGINS),
      "Cache-Control": "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cross-Origin-Opener-Policy": "same-origin",
    }),
  );
  return app;
}
