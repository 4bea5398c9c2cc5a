/** The "Cek lowongan" page: the latest vacancy scam checks with verdict, flags and the checked text. */
import type { FC } from "hono/jsx";
import type { OfficeClock } from "../core/clock.ts";
import type { Staff } from "./auth.ts";
import { formatNumber, formatTime } from "./format.ts";
import { BASE, Layout } from "./layout.tsx";
import { SCAM_VERDICTS, type ScamCheckRow, type ScamVerdict } from "./queries.ts";
import { channelLabels } from "./strings.ts";

/** Where the page lives. */
export const SCAM_CHECKS_PATH = `${BASE}/cek-lowongan`;

/** Days the verdict counts at the top look back. */
export const SCAM_COUNT_DAYS = 7;

/** Verdicts as counsellors read them. */
export const verdictLabels: Record<ScamVerdict, string> = {
  verified: "Terverifikasi",
  suspicious: "Mencurigakan",
  unverified: "Belum terverifikasi",
};

/** Scam flags as short Indonesian labels when the content bundle is unavailable; the bundle's labels (content/penipuan/) come first. */
export const flagLabels: Record<string, string> = {
  "fee": "minta biaya",
  "unrealistic-pay": "gaji tidak wajar",
  "free-mail": "email gratisan",
  "lookalike-brand": "nama mirip merek",
  "chat-only-interview": "wawancara hanya via chat",
  "early-id-request": "minta KTP/KK",
  "task-deposit": "tugas + deposit",
  "illegal-business": "usaha ilegal",
  "overseas-individual": "LN lewat perorangan",
  "tourist-visa": "visa turis/umrah",
  "unofficial-destination": "negara tujuan tidak resmi",
  "paid-membership": "keanggotaan berbayar",
  "link-payment": "bayar lewat tautan/formulir",
  "intimate-photos": "minta foto/video tubuh",
  "apk-file": "file APK",
};

/** The page URL for a verdict filter, optionally continuing before a check id. */
export function scamChecksUrl(verdict?: ScamVerdict, before?: number): string {
  const p = new URLSearchParams();
  if (verdict) p.set("verdict", verdict);
  if (before !== undefined) p.set("before", String(before));
  const qs = p.toString();
  return qs ? `${SCAM_CHECKS_PATH}?${qs}` : SCAM_CHECKS_PATH;
}

/** Props of the page. */
export interface ScamChecksProps {
  staff: Staff;
  rows: ScamCheckRow[];
  /** checks per verdict in the last SCAM_COUNT_DAYS days */
  counts: Record<ScamVerdict, number>;
  verdict?: ScamVerdict;
  /** id to continue with (`before=`) when there are older checks */
  before?: number;
  /** this is a later page */
  paged: boolean;
  /** "PT Maju — Operator Produksi" for a verified vacancy slug, when the listings know it */
  vacancyTitle: (slug: string) => string | undefined;
  /** the office clock: times are shown in its zone */
  clock: OfficeClock;
  /** a flag's short label from the content's scam rules (content/penipuan/), so new flags need no code */
  flagLabel?: (id: string) => string | undefined;
}

/** The scam-check list. */
export const ScamChecksPage: FC<ScamChecksProps> = (p) => (
  <Layout title="Cek lowongan" staff={p.staff} section="scam">
    <h1>Cek lowongan</h1>
    <p class="muted small">Pesan lowongan yang diperiksa pencari kerja lewat fitur cek lowongan, terbaru di atas.</p>
    <div class="cards" aria-label={`Jumlah pemeriksaan ${SCAM_COUNT_DAYS} hari terakhir`}>
      {SCAM_VERDICTS.map((v) => (
        <a class={`kpi verdict-kpi v-${v}`} href={scamChecksUrl(v)} data-verdict={v}>
          <div class="v">{formatNumber(p.counts[v])}</div>
          <div class="l">
            {verdictLabels[v]} · {SCAM_COUNT_DAYS} hari terakhir
          </div>
        </a>
      ))}
    </div>
    <nav class="tabs" aria-label="Saring menurut hasil">
      <a href={scamChecksUrl()} aria-current={!p.verdict ? "page" : undefined}>
        Semua
      </a>
      {SCAM_VERDICTS.map((v) => (
        <a href={scamChecksUrl(v)} aria-current={p.verdict === v ? "page" : undefined}>
          {verdictLabels[v]}
        </a>
      ))}
    </nav>
    {p.rows.length === 0 ? (
      <p class="card muted">{p.paged ? "Tidak ada pemeriksaan yang lebih lama." : "Belum ada pemeriksaan lowongan."}</p>
    ) : (
      <div class="table-wrap">
        <table class="scam">
          <thead>
            <tr>
              <th>Waktu</th>
              <th>Hasil</th>
              <th>Tanda bahaya</th>
              <th>Lowongan cocok</th>
              <th>Teks yang diperiksa</th>
              <th>Kasus</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <ScamRow r={r} vacancyTitle={p.vacancyTitle} clock={p.clock} flagLabel={p.flagLabel} />
            ))}
          </tbody>
        </table>
      </div>
    )}
    <div class="pager">
      {p.paged ? <a href={scamChecksUrl(p.verdict)}>« Terbaru</a> : null}
      {p.before !== undefined ? <a href={scamChecksUrl(p.verdict, p.before)}>Lebih lama »</a> : null}
    </div>
  </Layout>
);

const ScamRow: FC<{ r: ScamCheckRow; vacancyTitle: (slug: string) => string | undefined; clock: OfficeClock; flagLabel?: ((id: string) => string | undefined) | undefined }> = ({ r, vacancyTitle, clock, flagLabel }) => {
  const title = r.vacancySlug ? vacancyTitle(r.vacancySlug) : undefined;
  return (
    <tr class="row" id={`cek${r.id}`} data-check={String(r.id)}>
      <td class="wait">
        {formatTime(r.createdAt, clock)}
        <div>
          <span class={`chip ${r.channel === "telegram" ? "tg" : "web"}`}>{channelLabels[r.channel] ?? r.channel}</span>
        </div>
      </td>
      <td>
        <span class={`verdict v-${r.verdict}`}>{verdictLabels[r.verdict] ?? r.verdict}</span>
      </td>
      <td>
        {r.flags.length === 0 ? <span class="muted">–</span> : null}
        {r.flags.map((f) => (
          <span class="chip flag" title={f}>
            {flagLabel?.(f) ?? flagLabels[f] ?? f}
          </span>
        ))}
      </td>
      <td>
        {r.vacancySlug ? (
          <>
            {title ? <div>{title}</div> : null}
            <code class="small">{r.vacancySlug}</code>
          </>
        ) : (
          <span class="muted">–</span>
        )}
      </td>
      <td>
        <div class="checked">{r.text === null ? <span class="muted">(pesan sudah dihapus)</span> : `${r.text}${r.cut ? "…" : ""}`}</div>
      </td>
      <td>{r.caseId !== null ? <a href={`${BASE}/cases/${r.caseId}#m${r.messageId}`}>#{r.caseId}</a> : <span class="muted">–</span>}</td>
    </tr>
  );
};
