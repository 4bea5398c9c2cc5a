/** Tiny DOM helpers shared by the launcher (host page) and the chat frame. */

type Attrs = Record<string, string>;

/** Create an element with attributes and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: Array<Node | string>): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]!);
  el.append(...kids);
  return el;
};

const SVG = "http://www.w3.org/2000/svg";
/** A 24×24 stroke icon from one path, hidden from assistive technology. */
export const icon = (d: string): SVGSVGElement => {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  svg.appendChild(path);
  return svg;
};

/** Apply CSS to a document or shadow root: a constructed sheet is not blocked by a page's style-src CSP. */
export function adopt(root: Document | ShadowRoot, text: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    (root instanceof Document ? root.head : root).appendChild(h("style", {}, text));
  }
}
