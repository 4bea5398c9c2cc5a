/** The "Belum terjawab" page: what seekers typed that the bot did not understand, for the content staff. */
import type { FC } from "hono/jsx";
import type { OfficeClock } from "../core/clock.ts";
import { CONFIDENCE_THRESHOLD, route, type RouterIndex } from "../core/router.ts";
import type { TopicId } from "../core/topics.ts";
import type { Staff } from "./auth.ts";
import { formatNumber, formatTime } from "./format.ts";
import { BASE, Layout } from "./layout.tsx";
import { formatCursor, UNANSWERED_DAYS, type Cursor, type UnansweredRow } from "./queries.ts";
import { channelLabels } from "./strings.ts";

/** Where the page lives. */
export const UNANSWERED_PATH = `${BASE}/belum-terjawab`;

/** Ranges offered as tabs (any 1..90 works in the URL). */
export const UNANSWERED_RANGES = [1, 7, 30, 90] as const;

/** The README section for content staff (its GitHub anchor). */
export const CONTENT_README = { file: "README.md", anchor: "panduan-untuk-staf-konten-bahasa-indonesia", title: "Panduan untuk staf konten" } as const;

/**
 * The repository that holds the content and the README, e.g. "https://github.com/<org>/<repo>"; the deployment sets
 * it here. Without it the page names the README section as text instead of linking to it.
 */
export const REPOSITORY_URL: string | undefined = undefined;

/** The link to the README section on content, or undefined when the repository is not known. */
export function contentReadmeUrl(repository: string | undefined = REPOSITORY_URL): string | undefined {
  return repository ? `${repository.replace(/\/+$/, "")}/blob/main/${CONTENT_README.file}#${CONTENT_README.anchor}` : undefined;
}

/** The page URL for a range, optionally continuing before a cursor. */
export function unansweredUrl(days: number, before?: Cursor): string {
  const p = new URLSearchParams();
  if (days !== UNANSWERED_DAYS.default) p.set("days", String(days));
  if (before) p.set("before", formatCursor(before));
  const qs = p.toString();
  return qs ? `${UNANSWERED_PATH}?${qs}` : UNANSWERED_PATH;
}

/** A guide is suggested only on twice the evidence the router needs to answer with it. */
const SUGGEST_MIN_SCORE = 2 * CONFIDENCE_THRESHOLD;

/** A ready line for a guide's `contoh:` list: the guide the router finds closest, and the question as a YAML item. */
export interface ContohSuggestion {
  topic: TopicId;
  /** the guide's file, e.g. content/topik/cv.md */
  file: string;
  /** the line to paste under `contoh:`, e.g. `  - "cv ku kudu nganggo foto ora"` */
  line: string;
}

/**
 * The `contoh:` line for a question the bot did not understand, in the guide the router finds closest (its best
 * guess or first alternative); undefined when nothing is close, e.g. a question outside job services.
 */
export function contohSuggestion(index: RouterIndex, text: string): ContohSuggestion | undefined {
  const question = text.replace(/\s+/g, " ").trim();
  if (!question) return undefined;
  const routed = route(index, question);
  // weak evidence ("jadwal" of a training schedule for a train timetable) suggests nothing
  if (routed.score < SUGGEST_MIN_SCORE) return undefined;
  const topic = [routed.topic, ...routed.alternatives].find((t) => t !== "unknown" && t !== "menu");
  if (!topic) return undefined;
  // a JSON string is a valid YAML double-quoted scalar: quotes and backslashes are escaped
  return { topic, file: `content/topik/${topic}.md`, line: `  - ${JSON.stringify(question)}` };
}

/** Props of the page. */
export interface UnansweredProps {
  staff: Staff;
  rows: UnansweredRow[];
  days: number;
  /** where the next (older) page starts, when there is one */
  before?: Cursor;
  /** this is a later page */
  paged: boolean;
  /** the README section on content; undefined shows its name without a link */
  readmeUrl?: string;
  /** the office clock: times are shown in its zone */
  clock: OfficeClock;
  /** the ready `contoh:` line for a question, when a guide is close */
  suggest?: (text: string) => ContohSuggestion | undefined;
}

/** The list of questions the bot did not understand. */
export const UnansweredPage: FC<UnansweredProps> = (p) => (
  <Layout title="Belum terjawab" staff={p.staff} section="unanswered">
    <h1>Belum terjawab</h1>
    <p class="muted small">
      Pertanyaan yang diketik pencari kerja dalam {p.days} hari terakhir tetapi tidak dipahami bot, terbaru di atas. Pertanyaan yang sama
      digabung menjadi satu baris (huruf besar dan kecil tidak dibedakan, spasi di awal dan akhir diabaikan) dengan jumlahnya.
    </p>
    <section class="card" aria-labelledby="apa-dilakukan">
      <h2 id="apa-dilakukan">Apa yang perlu dilakukan</h2>
      <ol>
        <li>
          Jika sudah ada panduan yang menjawab pertanyaan itu, tambahkan kata atau frasa yang diketik warga ke <code>keywords</code> atau{" "}
          <code>synonyms</code> panduan tersebut di <code>content/topik/&lt;topik&gt;.md</code>, misalnya <code>content/topik/cv.md</code>.
        </li>
        <li>
          Atau salin baris <strong>contoh</strong> yang disiapkan di kolom “Tambahkan ke panduan” ke daftar <code>contoh:</code> panduan
          yang disebut (periksa dulu bahwa panduannya memang tepat). Contoh pertanyaan ikut dipakai bot untuk memahami pertanyaan serupa.
        </li>
        <li>
          Jika belum ada panduan yang menjawabnya dan pertanyaan itu sering muncul, tulis panduan baru di <code>content/topik/</code>.
        </li>
        <li>Pertanyaan di luar layanan ketenagakerjaan (cuaca, sepak bola, pulsa) tidak perlu ditindaklanjuti.</li>
      </ol>
      <p class="small">
        Cara lengkapnya ada di {CONTENT_README.file}, bagian{" "}
        {p.readmeUrl ? (
          <a href={p.readmeUrl} rel="noopener noreferrer" target="_blank" data-readme="">
            “{CONTENT_README.title}”
          </a>
        ) : (
          <strong data-readme="">“{CONTENT_README.title}”</strong>
        )}
        . Perubahan tayang setelah <i>pull request</i> digabung.
      </p>
    </section>
    <nav class="tabs" aria-label="Periode">
      {UNANSWERED_RANGES.map((d) => (
        <a href={unansweredUrl(d)} aria-current={p.days === d ? "page" : undefined}>
          {d} hari
        </a>
      ))}
    </nav>
    {p.rows.length === 0 ? (
      <p class="card muted">{p.paged ? "Tidak ada pertanyaan yang lebih lama." : `Tidak ada pertanyaan yang belum terjawab dalam ${p.days} hari terakhir.`}</p>
    ) : (
      <div class="table-wrap">
        <table class="unanswered">
          <thead>
            <tr>
              <th>Pertanyaan</th>
              <th>Berapa kali</th>
              <th>Terakhir</th>
              <th>Kanal</th>
              <th>Percakapan</th>
              {p.suggest ? <th>Tambahkan ke panduan</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr class="row" data-message={String(r.id)}>
                <td>
                  <div class="checked">{`${r.text}${r.cut ? "…" : ""}`}</div>
                </td>
                <td data-count={String(r.count)}>{formatNumber(r.count)}×</td>
                <td class="wait">{formatTime(r.createdAt, p.clock)}</td>
                <td>
                  <span class={`chip ${r.channel === "telegram" ? "tg" : "web"}`}>{channelLabels[r.channel] ?? r.channel}</span>
                </td>
                <td>
                  {r.caseId !== null ? (
                    <a href={`${BASE}/cases/${r.caseId}#m${r.id}`} data-case={String(r.caseId)}>
                      Buka percakapan (kasus #{r.caseId})
                    </a>
                  ) : (
                    <span class="muted" title="Percakapan ini tidak pernah diteruskan ke petugas, jadi belum ada halaman kasusnya.">
                      –
                    </span>
                  )}
                </td>
                {p.suggest ? <SuggestionCell suggestion={r.cut ? undefined : p.suggest(r.text)} /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
    <div class="pager">
      {p.paged ? <a href={unansweredUrl(p.days)}>« Terbaru</a> : null}
      {p.before ? <a href={unansweredUrl(p.days, p.before)}>Lebih lama »</a> : null}
    </div>
  </Layout>
);

/** The ready `contoh:` line of one question, or a dash when no guide is close (or the question was cut). */
const SuggestionCell: FC<{ suggestion: ContohSuggestion | undefined }> = ({ suggestion }) =>
  suggestion ? (
    <td data-contoh={suggestion.topic}>
      <div class="small muted">
        <code>{suggestion.file}</code>, di bawah <code>contoh:</code>
      </div>
      <pre class="contoh">
        <code>{suggestion.line}</code>
      </pre>
    </td>
  ) : (
    <td class="muted">–</td>
  );
