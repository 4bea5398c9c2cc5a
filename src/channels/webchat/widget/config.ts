/** Settings read from the widget's own <script> tag (host page) or from the frame's URL fragment (chat frame). */
import { FRAME_PATH } from "./protocol.ts";
import { S } from "./strings.ts";

/** What the host page chose through data- attributes, with defaults. */
export interface Config {
  /** origin of the Worker that served widget.js; the API and the chat frame live there */
  api: string;
  /** brand colour, #rgb or #rrggbb */
  color: string;
  position: "left" | "right";
  greeting: string;
  title: string;
  /** px between the launcher and the bottom edge, and the side edge (data-offset-bottom, data-offset-side) */
  bottom: number;
  side: number;
}

/** An offset in CSS px, 0-400; anything else is the default 16. */
const px = (v?: string): number => (/^\d{1,3}$/.test((v ?? "").trim()) && +v! <= 400 ? +v! : 16);

const DEFAULT_COLOR = "#0b5cab";

type Data = Record<string, string | undefined>;

/** Validate raw settings; a malformed colour or position falls back to the default, a missing text stays empty. */
function normalize(data: Data, api: string): Config {
  const color = (data.color ?? "").trim();
  return {
    api,
    color: /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : DEFAULT_COLOR,
    position: data.position === "left" ? "left" : "right",
    greeting: (data.greeting ?? "").trim().slice(0, 300),
    title: (data.title ?? "").trim().slice(0, 60),
    bottom: px(data.offsetBottom),
    side: px(data.offsetSide),
  };
}

/** Read the data- attributes of `script` (on the host page); the frame fills in default texts. */
export function readConfig(script: HTMLScriptElement | null): Config {
  let api = location.origin;
  try {
    if (script?.src) api = new URL(script.src, location.href).origin;
  } catch {
    // keep the page's origin
  }
  return normalize(script?.dataset ?? {}, api);
}

/** URL of the chat frame for these settings; they travel in the fragment, so the frame's page is the same for all. */
export function frameUrl(cfg: Config): string {
  return `${cfg.api}${FRAME_PATH}#${new URLSearchParams({ color: cfg.color, title: cfg.title, greeting: cfg.greeting })}`;
}

/** The settings inside the chat frame, from its URL fragment; the API is the frame's own origin. */
export function frameConfig(hash: string, origin: string): Config {
  const data: Data = {};
  new URLSearchParams(hash.replace(/^#/, "")).forEach((v, k) => (data[k] = v));
  const cfg = normalize(data, origin);
  cfg.greeting ||= S.greeting;
  cfg.title ||= S.title;
  return cfg;
}
