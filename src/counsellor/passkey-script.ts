/**
 * /admin/passkey.js: the browser half of passkeys, hand-written (no bundle). It turns forms marked data-passkey into
 * WebAuthn ceremonies: fetch the options (a form post, same origin), call navigator.credentials.get/create, post the
 * credential as JSON in a form field, follow the answer's redirect or show its error. Without WebAuthn the forms stay
 * hidden and the password form remains.
 */
import { fnv1a } from "./assets.ts";
import { passkeyMessages } from "./strings.ts";

/** The script's own texts (strings.ts). */
const T = JSON.stringify({
  unsupported: passkeyMessages.unsupported,
  cancelled: passkeyMessages.cancelled,
  create: passkeyMessages.promptCreate,
  get: passkeyMessages.promptGet,
  error: passkeyMessages.scriptError,
  failed: passkeyMessages.requestFailed,
});

export const PASSKEY_JS = `
(function () {
  "use strict";
  var d = document, T = ${T};
  var forms = d.querySelectorAll("form[data-passkey]");
  var status = d.querySelector("[data-passkey-status]");
  if (!forms.length) return;
  if (!window.PublicKeyCredential || !navigator.credentials) {
    if (status) status.textContent = T.unsupported;
    return;
  }
  function say(text, err) { if (status) { status.textContent = text; status.className = err ? "small notice err" : "small muted"; } }
  function b64u(buf) {
    var bytes = new Uint8Array(buf), s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  }
  function bytes(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }
  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (k) { if (fields[k] != null) body.set(k, fields[k]); });
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body })
      .then(function (r) { return r.json().catch(function () { return { error: T.failed + " (" + r.status + ")" }; }); });
  }
  function creds(list) {
    return (list || []).map(function (c) { return { type: "public-key", id: bytes(c.id), transports: c.transports }; });
  }
  function credentialJson(c, create) {
    var r = c.response, out = { id: c.id, rawId: b64u(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment || undefined,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {}, response: { clientDataJSON: b64u(r.clientDataJSON) } };
    if (create) {
      out.response.attestationObject = b64u(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = b64u(r.authenticatorData);
      out.response.signature = b64u(r.signature);
      if (r.userHandle) out.response.userHandle = b64u(r.userHandle);
    }
    return JSON.stringify(out);
  }
  function fields(form) {
    var f = {};
    new FormData(form).forEach(function (v, k) { if (typeof v === "string") f[k] = v; });
    return f;
  }
  function failed(e) {
    var name = e && e.name;
    say(name === "NotAllowedError" || name === "AbortError" ? T.cancelled : (e && e.message) || T.error, true);
  }
  forms.forEach(function (form) {
    form.hidden = false;
    var create = form.getAttribute("data-passkey") === "register";
    var busy = false;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      var f = fields(form);
      say(create ? T.create : T.get, false);
      post(form.getAttribute("data-options"), f).then(function (o) {
        if (o.error) throw new Error(o.error);
        var p = o.options;
        p.challenge = bytes(p.challenge);
        if (create) {
          p.user.id = bytes(p.user.id);
          p.excludeCredentials = creds(p.excludeCredentials);
          return navigator.credentials.create({ publicKey: p });
        }
        p.allowCredentials = creds(p.allowCredentials);
        return navigator.credentials.get({ publicKey: p });
      }).then(function (c) {
        if (!c) throw new Error(T.cancelled);
        f.credential = credentialJson(c, create);
        return post(form.getAttribute("action"), f);
      }).then(function (res) {
        if (res.error) throw new Error(res.error);
        say(res.message || "", false);
        location.assign(res.redirect);
      }).catch(failed).then(function () {
        busy = false;
        buttons.forEach(function (b) { b.disabled = false; });
      });
    });
  });
})();
`.trim();

/** Content hash for the script's URL. */
export const PASSKEY_VERSION = fnv1a(PASSKEY_JS);
