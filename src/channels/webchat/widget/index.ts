/**
 * BINJOL chat widget: `<script src="https://<worker>/widget.js" defer data-color data-position data-greeting data-title>`.
 * Everything lives in this IIFE and one shadow root; the page gets no globals.
 */
import { mount } from "./chat.ts";
import { readConfig } from "./config.ts";

const script = (document.currentScript ?? document.querySelector('script[src*="widget"]')) as HTMLScriptElement | null;

const start = () => {
  if (!document.querySelector("binjol-chat")) mount(readConfig(script));
};

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start, { once: true });
