/**
 * /admin/live.js: the dashboard's live updates. On a page with live regions (the inbox list, a case's transcript) it
 * opens the inbox room's WebSocket (GET /admin/live, authenticated by the session cookie) and, when a case changes,
 * reloads only those regions from the page's own URL, without a full-page reload; app.js's timed reload stands down
 * while the socket is up. A switch in the top bar turns on a sound and a desktop notification for a new case or a
 * seeker's message. Without the script, or when the socket fails, the pages work as before.
 */
import { fnv1a } from "./assets.ts";

/** What the script says (Indonesian, KBBI). */
export const liveStrings = {
  alertsOn: "Matikan notifikasi",
  alertsOff: "Nyalakan notifikasi",
  alertsHint: "Bunyi dan notifikasi desktop saat ada kasus baru atau pesan baru",
  blocked: "Notifikasi desktop diblokir browser; bunyi tetap menyala.",
  newCase: "Kasus baru menunggu",
  newCaseBody: "Seorang pencari kerja meminta bantuan konselor.",
  newMessage: "Pesan baru dari pencari kerja",
  caseRef: "Kasus #",
  updated: "Daftar diperbarui.",
} as const;

/** The script; the strings are embedded as JSON. */
export const LIVE_JS = `
(function () {
  "use strict";
  var d = document, S = ${JSON.stringify(liveStrings)};
  var regions = d.querySelectorAll("[data-live-region]");
  if (!regions.length || !("WebSocket" in window)) return;
  var KEY = "binjol.petugas.alerts";
  var store = { get: function () { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } },
    set: function (on) { try { if (on) localStorage.setItem(KEY, "1"); else localStorage.removeItem(KEY); } catch (e) {} } };
  var status = d.createElement("p");
  status.className = "sr-only"; status.setAttribute("aria-live", "polite");
  d.body.appendChild(status);
  var top = d.querySelector(".top .who") || d.querySelector(".top");
  var toggle = d.createElement("button");
  toggle.type = "button"; toggle.className = "secondary"; toggle.setAttribute("data-live-alerts", ""); toggle.title = S.alertsHint;
  function label() { var on = store.get(); toggle.textContent = on ? S.alertsOn : S.alertsOff; toggle.setAttribute("aria-pressed", on ? "true" : "false"); }
  label();
  if (top) top.insertBefore(toggle, top.firstChild);
  var audio = null;
  toggle.addEventListener("click", function () {
    var on = !store.get();
    store.set(on); label();
    if (!on) return;
    try { audio = audio || new (window.AudioContext || window.webkitAudioContext)(); audio.resume(); } catch (e) {}
    if ("Notification" in window && Notification.permission === "default") Notification.requestPermission().then(function (p) { if (p === "denied") say(S.blocked); });
    else if ("Notification" in window && Notification.permission === "denied") say(S.blocked);
  });
  function say(text) { status.textContent = ""; setTimeout(function () { status.textContent = text; }, 50); }
  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime;
      o.frequency.value = 880; g.gain.setValueAtTime(0.15, t); g.gain.exponentialRampToValueAtTime(0.001, t + 0.35);
      o.connect(g); g.connect(audio.destination); o.start(t); o.stop(t + 0.35);
    } catch (e) {}
  }
  function alertOf(e) {
    if (!store.get() || e.by === "counsellor") return;
    var title = e.kind === "new" ? S.newCase : e.kind === "message" ? S.newMessage : "";
    if (!title) return;
    beep();
    if ("Notification" in window && Notification.permission === "granted" && (d.hidden || !d.hasFocus())) {
      try {
        var n = new Notification(title, { body: e.caseId ? S.caseRef + e.caseId : S.newCaseBody, tag: "binjol-" + (e.caseId || e.conversationId || e.kind) });
        n.onclick = function () { window.focus(); if (e.caseId) location.href = "/admin/cases/" + e.caseId; n.close(); };
      } catch (err) {}
    }
  }
  var loading = false, again = false;
  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    fetch(location.href, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok || r.redirected) throw new Error("page " + r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html"), changed = false;
      d.querySelectorAll("[data-live-region]").forEach(function (el) {
        var next = el.id && doc.getElementById(el.id);
        if (!next || next.innerHTML === el.innerHTML) return;
        var end = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
        el.innerHTML = next.innerHTML;
        if (end && el.classList.contains("transcript")) el.scrollTop = el.scrollHeight;
        changed = true;
      });
      if (changed && d.querySelector("[data-live-region=list]")) say(S.updated);
    }).catch(function () {}).then(function () {
      loading = false;
      if (again) { again = false; refresh(); }
    });
  }
  function concerns(e) {
    var box = d.querySelector("[data-live-case]");
    if (!box) return true;
    return (e.caseId && String(e.caseId) === box.getAttribute("data-live-case")) || (e.conversationId && e.conversationId === box.getAttribute("data-live-conversation"));
  }
  var wait = 1000, opened = false, ping;
  function connect() {
    var ws;
    try { ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/admin/live"); } catch (e) { return; }
    ws.onopen = function () {
      wait = 1000;
      d.body.setAttribute("data-live-on", "");
      if (opened) refresh();
      opened = true;
      clearInterval(ping);
      ping = setInterval(function () { try { ws.send('{"t":"ping"}'); } catch (e) {} }, 50000);
    };
    ws.onmessage = function (m) {
      var e; try { e = JSON.parse(m.data); } catch (err) { return; }
      if (!e || e.t !== "case") return;
      if (e.kind === "new" || concerns(e)) alertOf(e);
      if (concerns(e)) refresh();
    };
    ws.onclose = function () {
      d.body.removeAttribute("data-live-on");
      clearInterval(ping);
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    };
  }
  connect();
})();
`.trim();

/** A content hash in live.js's URL, so it can be cached for long. */
export const LIVE_VERSION = fnv1a(LIVE_JS);
