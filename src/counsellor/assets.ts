/**
 * The dashboard's stylesheet and its small progressive-enhancement script, served by the sub-app as
 * /admin/app.css and /admin/app.js (CSP style-src/script-src 'self'; every page works without the script).
 */

/** /admin/app.css */
export const APP_CSS = `
:root{--fg:#1b1f24;--muted:#59636e;--line:#d5dbe1;--bg:#f3f5f7;--card:#fff;--accent:#0b5cad;--top:#0b3d6e;--warn:#a1360b;--ok:#1a6b35;--wait:#a35a00;--me:#e8f1fb;--cs:#eaf6ee;--sel:#fff6db}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}
h2{font-size:1.05rem;margin:1.2rem 0 .5rem}
h3{font-size:.95rem;margin:.8rem 0 .3rem}
.top{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.45rem 1rem;background:var(--top);color:#fff}
.top a{color:#fff;text-decoration:none;padding:.3rem .5rem;border-radius:4px}
.top a[aria-current=page]{background:rgba(255,255,255,.18)}
.top .brand{font-weight:700;margin-right:.5rem}
.top .who{margin-left:auto;display:flex;gap:.5rem;align-items:center;font-size:.9rem}
.top form{margin:0}
.top button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.5);padding:.2rem .6rem}
main{max-width:1280px;margin:0 auto;padding:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
.notice{padding:.6rem .9rem;border-radius:6px;margin-bottom:1rem;border:1px solid}
.notice.ok{background:#edf7f0;border-color:#a9d5b5;color:var(--ok)}
.notice.err{background:#fdf0ea;border-color:#f0b9a0;color:var(--warn)}
.muted{color:var(--muted)}
.small{font-size:.85rem}
button,.button{font:inherit;cursor:pointer;background:var(--accent);color:#fff;border:1px solid var(--accent);border-radius:4px;padding:.35rem .8rem;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--warn);border-color:var(--warn)}
button:disabled{opacity:.6;cursor:default}
input,select,textarea{font:inherit;border:1px solid #aeb7c1;border-radius:4px;padding:.3rem .45rem;background:#fff;color:inherit;max-width:100%}
textarea{width:100%;min-height:6rem;resize:vertical}
label{display:block;font-size:.85rem;color:var(--muted);margin:.4rem 0 .15rem}
:focus-visible{outline:3px solid #f5a524;outline-offset:1px}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem;margin-bottom:.6rem;border-bottom:1px solid var(--line)}
.tabs a{padding:.45rem .8rem;text-decoration:none;border:1px solid transparent;border-bottom:none;border-radius:6px 6px 0 0;color:var(--fg)}
.tabs a[aria-current=page]{background:var(--card);border-color:var(--line);font-weight:600;margin-bottom:-1px}
.badge{display:inline-block;min-width:1.4em;padding:0 .35em;border-radius:9px;background:#dde3ea;font-size:.8rem;text-align:center;font-weight:600}
.badge.hot{background:var(--wait);color:#fff}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-bottom:.8rem}
.filters label{margin:0}
table{border-collapse:collapse;width:100%;background:var(--card)}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;color:var(--muted);font-weight:600;background:#f8fafb}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.row:hover{background:#f7fafd}
.inbox td a.case{font-weight:600}
.preview{color:var(--muted);max-width:26rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.table-wrap{overflow-x:auto}
.inbox td:first-child{min-width:10rem}
.chip{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.78rem;background:#eef1f4;border:1px solid var(--line);margin:0 .15rem .15rem 0}
.chip.tg{background:#e5f1fb;border-color:#b7d6f0}
.chip.web{background:#fdf0e1;border-color:#f1cfa6}
.chip.wa{background:#e3f6ea;border-color:#a9dcbb}
.chip.dc{background:#eceefe;border-color:#c3c8fb}
.msg .delivery{font-size:.75rem;color:var(--muted,#666)}
.st-waiting{color:var(--wait);font-weight:600}
.st-open{color:var(--accent);font-weight:600}
.st-closed,.st-left{color:var(--muted)}
.wait{font-variant-numeric:tabular-nums;white-space:nowrap}
.pager{display:flex;gap:1rem;margin-top:.8rem}
.layout{display:grid;grid-template-columns:minmax(0,2fr) minmax(17rem,1fr);gap:1rem;align-items:start}
@media (max-width:900px){.layout{grid-template-columns:minmax(0,1fr)}}
input[type=file]{max-width:100%;min-width:0}
.transcript{max-height:60vh;min-height:8rem;overflow:auto;padding:.3rem .2rem}
@media (min-width:900px){.transcript{max-height:calc(100vh - 25rem);min-height:12rem}}
.conversation h2,.reply-card h2{margin-top:.2rem}
.reply-card textarea{min-height:4.5rem}
.reply-head{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .6rem}
.reply-head h2{margin:0 auto 0 0}
.reply-head label{margin:0}
.reply-row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;justify-content:space-between;margin-top:.3rem}
.reply-row label{margin-top:0}
.reply-row>div{min-width:0;flex:1 1 14rem}
.reply-row input[type=file]{width:100%}
.reply-card p.small{margin:.3rem 0 0}
@media (max-width:900px){
.table-wrap{overflow-x:visible}
table.inbox,table.inbox tbody,table.inbox td{display:block;width:auto}
table.inbox thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.inbox{background:none}
table.inbox tr{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.15rem .8rem;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.55rem .75rem;margin-bottom:.6rem}
table.inbox td{border:0;padding:.1rem 0;min-width:0;overflow-wrap:anywhere}
.inbox td:first-child{min-width:0}
table.inbox td.wait{text-align:right}
table.inbox td:nth-child(3),table.inbox td:nth-child(4){grid-column:1/-1}
table.inbox td:nth-child(6){text-align:right}
table.inbox td[data-label]::before{content:attr(data-label) ": ";font-size:.75rem;color:var(--muted)}
.inbox .preview{max-width:none;white-space:normal;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}
}
.msg{max-width:85%;margin:.35rem 0;padding:.4rem .6rem;border-radius:8px;border:1px solid var(--line);background:#fff}
.msg .meta{font-size:.75rem;color:var(--muted);margin-bottom:.1rem}
.msg .text{white-space:pre-wrap;overflow-wrap:anywhere}
.msg.in{background:var(--me);border-color:#c4dbf2}
.msg.out{margin-left:auto}
.msg.counsellor{background:var(--cs);border-color:#b6dcc1}
.msg.other-case{opacity:.8}
.msg.failed{border-color:var(--warn)}
.msg .err{color:var(--warn);font-size:.8rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0}
.facts dt{color:var(--muted);font-size:.85rem}
.facts dd{margin:0;overflow-wrap:anywhere}
.actions form{margin:.2rem 0 .7rem}
.inline{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
.note{border-left:3px solid #f1c75b;background:var(--sel);padding:.35rem .6rem;margin:.4rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.7rem;margin-bottom:1rem}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
.kpi .v{font-size:1.5rem;font-weight:700}
.kpi .l{font-size:.8rem;color:var(--muted)}
.chart{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem;margin:0}
.chart.wide{grid-column:1/-1}
.chart svg{display:block;width:100%;height:auto;max-width:900px;margin:0 auto}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem;margin-bottom:1rem}
.login{max-width:24rem;margin:8vh auto}
.login input{width:100%}
.login button{width:100%;margin-top:1rem;padding:.55rem}
.listing-box{border-left:4px solid var(--accent);background:var(--me)}
.listing-box.training{border-left-color:var(--ok);background:var(--cs)}
.chip.listing{background:var(--sel);border-color:#f1c75b}
.verdict{display:inline-block;padding:.05rem .45rem;border-radius:4px;font-size:.8rem;font-weight:600;white-space:nowrap;border:1px solid}
.verdict.v-verified{color:var(--ok);background:#edf7f0;border-color:#a9d5b5}
.verdict.v-suspicious{color:#fff;background:var(--warn);border-color:var(--warn)}
.verdict.v-unverified{color:var(--wait);background:#fff6e8;border-color:#f1cfa6}
a.kpi{color:inherit;text-decoration:none}
.kpi.v-suspicious .v{color:var(--warn)}
.kpi.v-verified .v{color:var(--ok)}
.chip.flag{background:#fdf0ea;border-color:#f0b9a0}
.checked{white-space:pre-wrap;overflow-wrap:anywhere;max-width:32rem;font-size:.88rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{.top,.filters,.noprint,form{display:none!important}body{background:#fff}main{max-width:none;padding:0}.chart,.card,.kpi{break-inside:avoid;border-color:#999}}
`.trim();

/** /admin/app.js: canned replies into the reply box, confirmations, Ctrl+Enter, gentle auto-refresh. */
export const APP_JS = `
(function () {
  "use strict";
  var d = document;
  var reply = d.querySelector("textarea[data-reply]");
  var canned = d.querySelector("select[data-canned]");
  if (canned && reply) {
    canned.addEventListener("change", function () {
      var o = canned.options[canned.selectedIndex];
      var t = o && o.getAttribute("data-text");
      if (!t) return;
      if (reply.value.trim() && reply.value !== t && !confirm("Ganti teks balasan dengan balasan cepat ini?")) { canned.value = ""; return; }
      reply.value = t;
      canned.value = "";
      reply.focus();
    });
  }
  if (reply) {
    reply.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && reply.form) { e.preventDefault(); reply.form.requestSubmit(); }
    });
  }
  d.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!confirm(f.getAttribute("data-confirm"))) e.preventDefault(); });
  });
  d.querySelectorAll("form[method=post]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      setTimeout(function () { if (!e.defaultPrevented) f.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });
  var box = d.querySelector(".transcript");
  var caseMain = d.querySelector(".case-main");
  // On a wide screen the transcript pane is sized so that the page, reply box included, fits the window.
  function fit() {
    if (!box || !caseMain) return;
    box.style.maxHeight = "";
    if (window.innerWidth < 900) return;
    var over = caseMain.getBoundingClientRect().bottom + window.scrollY + 8 - window.innerHeight;
    if (over > 0 || box.scrollHeight > box.clientHeight) box.style.maxHeight = Math.max(192, box.clientHeight - over) + "px";
  }
  fit();
  window.addEventListener("resize", fit);
  if (box) box.scrollTop = box.scrollHeight;
  var every = Number(d.body.getAttribute("data-refresh") || 0);
  if (every > 0) {
    setInterval(function () {
      if (d.hidden || d.body.hasAttribute("data-live-on")) return;
      var a = d.activeElement;
      if (a && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)) return;
      var dirty = false;
      d.querySelectorAll("textarea, input[type=text]").forEach(function (el) { if (el.value.trim()) dirty = true; });
      if (!dirty) location.reload();
    }, every * 1000);
  }
})();
`.trim();

/** A short content hash, so the asset URLs change when the files do and can be cached for long. */
export const ASSET_VERSION = fnv1a(APP_CSS + APP_JS);

/** FNV-1a of a string, base 36: the assets' version in their URLs. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
