/**
 * The chat frame (public/widget/frame.js, loaded by the Worker's /widget/frame page inside widget.js's iframe).
 * The session token lives only here, in the Worker origin's storage and this frame's memory; the host page
 * cannot read it (same-origin policy), and nothing about the session is ever posted to it.
 */
import { theme } from "./color.ts";
import { mount } from "./chat.ts";
import { frameConfig } from "./config.ts";
import { count, unwrap, wrap, type ToFrame, type ToHost } from "./protocol.ts";

const cfg = frameConfig(location.hash, location.origin);
const t = theme(cfg.color);
const rootStyle = document.documentElement.style;
rootStyle.setProperty("--b", t.brand);
rootStyle.setProperty("--ob", t.onBrand);
rootStyle.setProperty("--a", t.accent);

const parent = window.parent;
const embedded = parent !== window;
/** the host page's origin, learnt from its "hello"; until then nothing is posted */
let host: string | null = null;

const tell = (m: ToHost) => {
  if (host) parent.postMessage(wrap(m), host);
};

const chat = mount(cfg, tell, embedded);

window.addEventListener("message", (e) => {
  // only the page that embeds this frame may talk to it, and only in these few words
  if (!embedded || e.source !== parent) return;
  const m = unwrap<ToFrame>(e.data);
  if (!m) return;
  if (!host) {
    // Chrome and Safari name the embedding origin; frame-ancestors has already limited it to ALLOWED_ORIGINS
    const ancestor = location.ancestorOrigins?.[0];
    if (m.t !== "hello" || (ancestor && ancestor !== e.origin)) return;
    host = e.origin;
    tell({ t: "ready", open: chat.isOpen(), unread: count(chat.unread()) });
    return;
  }
  if (e.origin !== host) return;
  if (m.t === "open") chat.open(m.focus === true, m.touch === true);
  else if (m.t === "close") chat.close();
});
