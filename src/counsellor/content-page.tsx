/**
 * The "Konten" page for content staff: which content version is live and since when, listings that close soon,
 * guides due for review and the scam rules with their example counts. Everything comes from the compiled bundle,
 * the listings blob and the bundle key's metadata; the page reads no D1 rows.
 */
import type { FC } from "hono/jsx";
import { formatDate } from "../core/html.ts";
import type { ContentReport } from "../content/report.ts";
import { EXPIRING_WITHIN_DAYS, REVIEW_AFTER_MONTHS } from "../content/report.ts";
import type { Staff } from "./auth.ts";
import { BASE, Layout } from "./layout.tsx";

/** Where the page lives. */
export const CONTENT_PATH = `${BASE}/konten`;

/** One scam rule as the page lists it. */
export interface ScamRuleSummary {
  id: string;
  title: string;
  /** examples that must raise the flag / must not */
  mustFlag: number;
  mustNotFlag: number;
}

export interface ContentPageProps {
  staff: Staff;
  version: string;
  /** when the bundle was compiled (ISO instant) */
  builtAt?: string;
  /** when this version was written to KV, i.e. went live (ISO instant), when the deploy recorded it */
  liveAt?: string;
  /** the office's date today, YYYY-MM-DD */
  today: string;
  /** "2026-12-04T08:00:00Z" → "4 Des 2026 15.00 WIB" (on the office clock) */
  formatInstant: (iso: string) => string;
  topics: number;
  vacancies: number;
  trainings: number;
  report: ContentReport;
  scamRules: ScamRuleSummary[];
}

const kindLabel = { lowongan: "Lowongan", pelatihan: "Pelatihan" } as const;

function daysLeftText(n: number): string {
  return n === 0 ? "tutup hari ini" : n === 1 ? "tutup besok" : `${n} hari lagi`;
}

/** The page. */
export const ContentPage: FC<ContentPageProps> = (p) => (
  <Layout title="Konten" staff={p.staff} section="content">
    <h1>Konten</h1>
    <section class="card" aria-labelledby="versi">
      <h2 id="versi">Versi yang tayang</h2>
      <dl class="facts">
        <dt>Versi</dt>
        <dd>
          <code data-version="">{p.version}</code>
        </dd>
        <dt>Tayang sejak</dt>
        <dd data-live-at="">{p.liveAt ? p.formatInstant(p.liveAt) : "tidak tercatat"}</dd>
        <dt>Disusun</dt>
        <dd>{p.builtAt ? p.formatInstant(p.builtAt) : "tidak tercatat"}</dd>
        <dt>Isi</dt>
        <dd>
          {p.topics} panduan, {p.vacancies} lowongan dan {p.trainings} pelatihan yang sedang tayang
        </dd>
      </dl>
    </section>

    <section class="card" aria-labelledby="segera-tutup">
      <h2 id="segera-tutup">Segera ditutup ({EXPIRING_WITHIN_DAYS} hari ke depan)</h2>
      {p.report.expiring.length === 0 ? (
        <p class="muted">Tidak ada lowongan atau pelatihan yang ditutup dalam {EXPIRING_WITHIN_DAYS} hari ke depan.</p>
      ) : (
        <>
          <p class="small muted">
            Setelah batasnya lewat, bot tidak menampilkannya lagi. Hapus filenya pada perubahan berikutnya, atau perpanjang{" "}
            <code>batas</code> bila pemberi kerja sudah mengonfirmasi.
          </p>
          <div class="table-wrap">
            <table data-expiring="">
              <thead>
                <tr>
                  <th>Jenis</th>
                  <th>Judul</th>
                  <th>Batas</th>
                  <th>Sisa</th>
                  <th>File</th>
                </tr>
              </thead>
              <tbody>
                {p.report.expiring.map((x) => (
                  <tr>
                    <td>{kindLabel[x.kind]}</td>
                    <td>{x.title}</td>
                    <td>{formatDate(x.deadline)}</td>
                    <td>{daysLeftText(x.daysLeft)}</td>
                    <td>
                      <code>{x.file}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>

    <section class="card" aria-labelledby="perlu-diperiksa">
      <h2 id="perlu-diperiksa">Panduan yang perlu diperiksa ulang</h2>
      {p.report.reviewDue.length === 0 ? (
        <p class="muted">Semua panduan diperiksa dalam {REVIEW_AFTER_MONTHS} bulan terakhir.</p>
      ) : (
        <>
          <p class="small muted">
            Terakhir diperiksa lebih dari {REVIEW_AFTER_MONTHS} bulan lalu. Cocokkan isinya dengan sumber resmi, lalu perbarui{" "}
            <code>reviewed</code>.
          </p>
          <div class="table-wrap">
            <table data-review-due="">
              <thead>
                <tr>
                  <th>Panduan</th>
                  <th>Terakhir diperiksa</th>
                  <th>File</th>
                </tr>
              </thead>
              <tbody>
                {p.report.reviewDue.map((r) => (
                  <tr>
                    <td>{r.title}</td>
                    <td>{formatDate(r.reviewed)}</td>
                    <td>
                      <code>{r.file}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>

    <section class="card" aria-labelledby="aturan-penipuan">
      <h2 id="aturan-penipuan">Aturan cek lowongan</h2>
      {p.scamRules.length === 0 ? (
        <p class="muted">Konten yang tayang belum memuat aturan cek lowongan.</p>
      ) : (
        <div class="table-wrap">
          <table data-scam-rules="">
            <thead>
              <tr>
                <th>Tanda bahaya</th>
                <th>Contoh yang harus ditandai</th>
                <th>Contoh yang tidak boleh ditandai</th>
              </tr>
            </thead>
            <tbody>
              {p.scamRules.map((r) => (
                <tr data-rule={r.id}>
                  <td>
                    {r.title} <code class="small">{r.id}</code>
                  </td>
                  <td>{r.mustFlag}</td>
                  <td>{r.mustNotFlag}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  </Layout>
);
