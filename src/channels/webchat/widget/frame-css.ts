/** The chat frame's CSS, written to public/widget/frame.css by scripts/build-widget.ts. */
import { COMMON, FONT } from "./styles.ts";

/** The chat frame's CSS (public/widget/frame.css); the theme's --b, --ob and --a are set on <html> by frame.js. */
export const frameCss = `
:root{--b:#0b5cab;--ob:#fff;--a:#0b5cab;${FONT};color:#1b1f24;-webkit-text-size-adjust:100%;text-align:left;color-scheme:light}
html,body{margin:0;height:100%;background:#fff}
${COMMON}
.sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.p{position:fixed;inset:0;display:flex;flex-direction:column;background:#fff;overflow:hidden}
.p:focus{outline:none}
.hd{display:flex;align-items:center;gap:8px;padding:8px 6px 8px 16px;background:var(--b);color:var(--ob)}
.hd :focus-visible{outline-color:var(--ob);outline-offset:-4px}
h2{margin:0;font-size:17px;line-height:1.3}
.hd p{margin:0;font-size:13px;line-height:1.3}
.r{margin-left:auto}.r+.x{margin-left:0}
.x{margin-left:auto;width:44px;height:44px;border:0;border-radius:50%;background:transparent;color:inherit;display:grid;place-items:center}
.x:hover{background:rgba(127,127,127,.25)}
.log{position:relative;flex:1;overflow-y:auto;overscroll-behavior:contain;padding:12px;background:#f4f6f8;display:flex;flex-direction:column;gap:10px}
.log:focus-visible{outline-offset:-3px}
.intro{margin:0;padding:10px 12px;border-radius:12px;background:#fff;border:1px dashed #b9c0c8;font-size:15px}
.intro:not(:last-child){display:none}
.m{max-width:88%;display:flex;flex-direction:column;align-items:flex-start}
.bot,.cs{align-self:stretch;max-width:100%}
.me{align-self:flex-end;align-items:flex-end}
.b{padding:10px 12px;border-radius:16px;overflow-wrap:anywhere;max-width:100%}
.bot .b{background:#fff;border:1px solid #d5dae0;border-bottom-left-radius:4px}
.cs .b{background:#e9f6ee;border:1px solid #a9d6b9;border-bottom-left-radius:4px}
.me .b{background:var(--b);color:var(--ob);border-bottom-right-radius:4px}
.t{white-space:pre-wrap}
.b p,.b ul,.b ol,.b blockquote{margin:0 0 8px}
.b>:last-child{margin-bottom:0}
.b h3,.b h4{margin:14px 0 6px;font-size:16px;line-height:1.35}
.b>h3:first-child,.b>h4:first-child{margin-top:0}
.b ul,.b ol{padding-left:20px}
.b li+li{margin-top:4px}
.b blockquote{padding:6px 10px;border-left:4px solid var(--a);background:#f1f4f8;border-radius:0 8px 8px 0}
.b a{color:var(--a);text-decoration:underline;text-underline-offset:2px}
.b code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em;background:#eef1f4;padding:0 3px;border-radius:3px}
.who{font-size:13px;font-weight:700;color:#17663a;margin:0 0 2px 4px}
.st{font-size:13px;color:#a4231b;margin:2px 4px 0}
.tm{font-size:12px;color:#5b6470;margin:2px 4px 0}
.q{align-self:stretch;display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:6px;margin-top:8px}
.q button{min-height:44px;padding:6px 10px;border:2px solid var(--a);border-radius:12px;background:#fff;color:var(--a);font-size:15px;font-weight:600;line-height:1.25;text-align:left}
.q button:hover{background:#eef1f4}
.q .w{grid-column:1/-1}
.ty{background:#f4f6f8;color:#4a5360;font-size:14px}
.ty:not(:empty){padding:0 12px 8px}
.d{display:inline-flex;gap:4px;margin-right:8px;vertical-align:middle}
.d i{width:7px;height:7px;border-radius:50%;background:#6b7480;animation:bjd 1s infinite alternate}
.d i:nth-child(2){animation-delay:.2s}
.d i:nth-child(3){animation-delay:.4s}
@keyframes bjd{to{opacity:.2}}
.n{background:#fff4e0;color:#4d3200;font-size:14px;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.n:not(:empty){padding:8px 12px;border-top:1px solid #e9c27f}
.n p{margin:0;flex:1 1 180px}
.n button{min-height:44px;padding:0 18px;border:0;border-radius:22px;background:var(--a);color:#fff;font-weight:600}
.n .no{background:#fff;color:var(--a);border:2px solid var(--a)}
form{display:flex;align-items:flex-end;gap:8px;padding:8px 8px 4px;border-top:1px solid #d5dae0;background:#fff}
textarea{flex:1;min-width:0;height:44px;min-height:44px;max-height:132px;resize:none;padding:10px 14px;border:2px solid #7d8691;border-radius:22px;font:inherit;line-height:1.35;color:inherit;background:#fff}
textarea::placeholder{color:#5b6470;opacity:1}
textarea:focus-visible{outline-offset:1px}
.a{margin:0;color:#4a5360}
.s{width:44px;height:44px;border:0;border-radius:50%;background:var(--a);color:#fff;display:grid;place-items:center;flex:none}
.h{margin:0;padding:0 14px 8px;font-size:13px;line-height:1.35;color:#4a5360;background:#fff}
.c{display:flex;flex-wrap:wrap;gap:6px;padding:0 14px 10px;background:#fff}
.c:empty{display:none}
.c button{min-height:44px;padding:0 14px;border:2px solid var(--a);border-radius:22px;background:#fff;color:var(--a);font-size:14px;font-weight:600}
.n a{min-height:44px;display:inline-flex;align-items:center;padding:0 18px;border-radius:22px;background:var(--a);color:#fff;font-weight:600;text-decoration:none}
`;
