/** The page frame of the dashboard: head, top bar with navigation and logout, notices. */
import type { Child, FC } from "hono/jsx";
import { raw } from "hono/html";
import { ASSET_VERSION } from "./assets.ts";
import { LIVE_VERSION } from "./live-script.ts";
import type { Staff } from "./auth.ts";

/** Where the dashboard is mounted. */
export const BASE = "/admin";

/** Sections of the top bar. */
export type Section = "inbox" | "scam" | "unanswered" | "content" | "stats" | "settings" | "none";

/** One page. */
export const Layout: FC<{
  title: string;
  staff?: Staff;
  section?: Section;
  /** seconds between gentle auto-refreshes by app.js; 0 = never */
  refresh?: number;
  children?: Child;
}> = ({ title, staff, section = "none", refresh = 0, children }) => (
  <>
    {raw("<!doctype html>")}
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · BINJOL Petugas`}</title>
        <link rel="stylesheet" href={`${BASE}/app.css?v=${ASSET_VERSION}`} />
        <script src={`${BASE}/app.js?v=${ASSET_VERSION}`} defer></script>
        {staff ? <script src={`${BASE}/live.js?v=${LIVE_VERSION}`} defer></script> : null}
      </head>
      <body data-refresh={refresh > 0 ? String(refresh) : undefined}>
        {staff ? (
          <nav class="top" aria-label="Navigasi utama">
            <span class="brand">BINJOL · Petugas</span>
            <a href={BASE} aria-current={section === "inbox" ? "page" : undefined}>
              Kotak masuk
            </a>
            <a href={`${BASE}/cek-lowongan`} aria-current={section === "scam" ? "page" : undefined}>
              Cek lowongan
            </a>
            <a href={`${BASE}/belum-terjawab`} aria-current={section === "unanswered" ? "page" : undefined}>
              Belum terjawab
            </a>
            <a href={`${BASE}/konten`} aria-current={section === "content" ? "page" : undefined}>
              Konten
            </a>
            <a href={`${BASE}/stats`} aria-current={section === "stats" ? "page" : undefined}>
              Statistik
            </a>
            <span class="who">
              <a href={`${BASE}/pengaturan`} aria-current={section === "settings" ? "page" : undefined}>
                Pengaturan
              </a>
              <span>{staff.name}</span>
              <form method="post" action={`${BASE}/logout`}>
                <CsrfField staff={staff} />
                <button type="submit">Keluar</button>
              </form>
            </span>
          </nav>
        ) : null}
        <main>{children}</main>
      </body>
    </html>
  </>
);

/** The hidden CSRF token every form carries. */
export const CsrfField: FC<{ staff: Staff }> = ({ staff }) => <input type="hidden" name="_csrf" value={staff.csrfToken} />;

/** A one-line notice after an action. */
export const Notice: FC<{ kind: "ok" | "err"; text?: string }> = ({ kind, text }) =>
  text ? (
    <p class={`notice ${kind}`} role={kind === "err" ? "alert" : "status"}>
      {text}
    </p>
  ) : null;
