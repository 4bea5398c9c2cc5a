/**
 * BINJOL chat widget: `<script src="https://<worker>/widget.js" defer data-color data-position data-greeting data-title>`.
 * On the host page it draws only the launcher (with the unread badge) and an iframe of the Worker's /widget/frame,
 * in one shadow root; the page gets no globals. The chat and its session token live in the frame, on the Worker's
 * origin, out of reach of every script on the host page. The two talk through postMessage (see protocol.ts).
 */
import { theme } from "./color.ts";
import { frameUrl, readConfig, type Config } from "./config.ts";
import { adopt, h, icon } from "./dom.ts";
import { count, unwrap, wrap, type ToFrame, type ToHost } from "./protocol.ts";
import { L } from "./strings.ts";
import { hostCss } from "./styles.ts";

const CHAT = "M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z";

function launch(cfg: Config): void {
  const el = document.createElement("binjol-chat");
  const root = el.attachShadow({ mode: "open" });
  adopt(root, hostCss(theme(cfg.color), cfg.bottom, cfg.side));
  const badge = h("span", { class: "u", "aria-hidden": "true", hidden: "" });
  const launcher = h("button", { class: "l", type: "button", "aria-expanded": "false", "aria-controls": "f", "aria-label": L.launcherOpen }, icon(CHAT), h("span", {}, L.launcher), badge);
  const wrapper = h("aside", { class: `w ${cfg.position}`, "aria-label": L.region }, launcher);
  root.appendChild(wrapper);
  document.body.appendChild(el);

  let frame: HTMLIFrameElement | null = null;
  /** the frame answered our "hello" */
  let ready = false;
  let open = false;
  let unread = 0;
  let touch = false;
  /** the last open/close command given before the frame was ready */
  let pending: ToFrame | null = null;

  const post = (m: ToFrame) => {
    if (ready && frame?.contentWindow) frame.contentWindow.postMessage(wrap(m), cfg.api);
    else pending = m;
  };

  const label = () => launcher.setAttribute("aria-label", open ? L.launcherClose : unread ? L.unread(unread) : L.launcherOpen);

  /** Size the full-screen frame of a phone to the visible viewport, so the on-screen keyboard never hides the composer. */
  const fit = () => {
    const vv = window.visualViewport;
    if (!vv || !frame) return;
    frame.style.setProperty("--vh", `${vv.height}px`);
    frame.style.setProperty("--vt", `${vv.offsetTop}px`);
  };
  window.visualViewport?.addEventListener("resize", fit);
  window.visualViewport?.addEventListener("scroll", fit);

  /** Create the iframe (after the page has loaded, or at the first tap on the launcher). */
  function load(): HTMLIFrameElement {
    if (frame) return frame;
    const f = h("iframe", { id: "f", class: "f", title: L.region, src: frameUrl(cfg) });
    // each load of the frame's page starts a new handshake; the frame answers only the origin that greeted it
    f.addEventListener("load", () => {
      ready = false;
      f.contentWindow?.postMessage(wrap({ t: "hello" }), cfg.api);
    });
    wrapper.appendChild(f);
    return (frame = f);
  }

  function show(focus: boolean): void {
    const f = load();
    open = true;
    fit();
    wrapper.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    label();
    // focus moves into the frame; the frame puts it on its input (or on the dialog after a tap)
    if (focus) f.focus();
    post({ t: "open", focus, touch });
  }

  function hide(fromFrame: boolean): void {
    if (!open) return;
    open = false;
    wrapper.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    label();
    if (!fromFrame) post({ t: "close" });
    launcher.focus();
  }

  window.addEventListener("message", (e) => {
    // only our frame, on the Worker's origin, may talk to the launcher
    if (!frame || e.source !== frame.contentWindow || e.origin !== cfg.api) return;
    const m = unwrap<ToHost>(e.data);
    if (!m) return;
    if (m.t === "ready") {
      ready = true;
      unread = open ? 0 : count(m.unread);
      const next = pending;
      pending = null;
      if (next) post(next);
      else if (m.open && !open) show(false);
    } else if (m.t === "close") hide(true);
    else if (m.t === "unread") unread = open ? 0 : count(m.n);
    badge.hidden = !unread;
    badge.textContent = unread > 9 ? "9+" : String(unread);
    label();
  });

  launcher.addEventListener("pointerdown", (e) => {
    touch = e.pointerType === "touch";
  });
  launcher.addEventListener("click", (e) => {
    if (e.detail === 0) touch = false;
    if (open) hide(false);
    else show(true);
  });

  if (document.readyState === "complete") load();
  else window.addEventListener("load", load, { once: true });
}

const script = (document.currentScript ?? document.querySelector('script[src*="widget"]')) as HTMLScriptElement | null;

const start = () => {
  if (document.querySelector("binjol-chat")) return;
  const cfg = readConfig(script);
  if (location.origin !== cfg.api) {
    // Older versions kept the session in the host page's storage, readable by any script there: drop it.
    try {
      localStorage.removeItem(`binjol.webchat.v1:${cfg.api}`);
      sessionStorage.removeItem(`binjol.webchat.v1:${cfg.api}:open`);
    } catch {
      // storage disabled: nothing was kept
    }
  }
  launch(cfg);
};

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start, { once: true });
