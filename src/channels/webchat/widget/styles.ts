/** The launcher's CSS (in a shadow root on the host page), and what the chat frame's CSS (frame-css.ts) shares with it. */
import type { Theme } from "./color.ts";

export const FONT = `font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Ubuntu,Arial,sans-serif`;
export const COMMON = `*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;cursor:pointer;-webkit-tap-highlight-color:transparent}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
svg{width:24px;height:24px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}`;

/**
 * The launcher, its unread badge and the frame's box, for one theme; the host element itself is reset so page
 * styles cannot reach in. On a phone (≤ 480 px) the open frame fills the visible viewport (--vt, --vh).
 */
export const hostCss = (t: Theme, bottom: number, side: number): string => `
:host{all:initial}
.w{--b:${t.brand};--ob:${t.onBrand};--a:${t.accent};--y:${bottom}px;--x:${side}px;${FONT};color:#1b1f24;-webkit-text-size-adjust:100%;text-align:left}
${COMMON}
.l{position:fixed;z-index:2147483000;bottom:calc(var(--y) + env(safe-area-inset-bottom,0px));right:var(--x);display:flex;align-items:center;gap:8px;min-height:56px;padding:0 20px 0 16px;border:0;border-radius:28px;background:var(--b);color:var(--ob);font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.28)}
.left .l{right:auto;left:var(--x)}
.u{min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b3261e;color:#fff;font-size:13px;font-weight:700;line-height:22px;text-align:center}
.f{position:fixed;z-index:2147483001;right:var(--x);bottom:calc(var(--y) + 72px + env(safe-area-inset-bottom,0px));width:384px;height:640px;max-height:calc(100% - var(--y) - 96px);margin:0;padding:0;border:0;border-radius:16px;background:#fff;color-scheme:light;box-shadow:0 12px 40px rgba(0,0,0,.3);visibility:hidden;opacity:0;transform:translateY(8px);transition:opacity .16s ease-out,transform .16s ease-out,visibility 0s .16s}
.open .f{visibility:visible;opacity:1;transform:none;transition:opacity .16s ease-out,transform .16s ease-out}
.left .f{right:auto;left:var(--x)}
@media (max-width:480px){
.f{top:var(--vt,0px);left:0;right:0;bottom:auto;width:100%;height:var(--vh,100%);max-height:none;border-radius:0}
.left .f{left:0}
.open .l{display:none}
}
`;

