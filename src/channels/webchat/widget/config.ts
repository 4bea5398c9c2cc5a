/** Settings read from the widget's own <script> tag. */
import { S } from "./strings.ts";

/** What the host page chose through data- attributes, with defaults. */
export interface Config {
  /** origin of the Worker that served widget.js; the API lives there */
  api: string;
  /** brand colour, #rgb or #rrggbb */
  color: string;
  position: "left" | "right";
  greeting: string;
  title: string;
}

const DEFAULT_COLOR = "#0b5cab";

/** Read the data- attributes of `script`; a missing or malformed value falls back to the default. */
export function readConfig(script: HTMLScriptElement | null): Config {
  const data = script?.dataset ?? {};
  let api = location.origin;
  try {
    if (script?.src) api = new URL(script.src, location.href).origin;
  } catch {
    // keep the page's origin
  }
  const color = (data.color ?? "").trim();
  return {
    api,
    color: /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : DEFAULT_COLOR,
    position: data.position === "left" ? "left" : "right",
    greeting: (data.greeting ?? "").trim().slice(0, 300) || S.greeting,
    title: (data.title ?? "").trim().slice(0, 60) || S.title,
  };
}
