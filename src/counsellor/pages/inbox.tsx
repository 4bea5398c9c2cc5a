/** The inbox: tabs (waiting, mine, all, closed), filters by channel and topic, text search, keyset pages. */
import type { FC } from "hono/jsx";
import type { OfficeClock } from "../../core/clock.ts";
import { TOPIC_IDS } from "../../core/topics.ts";
import type { Staff } from "../auth.ts";
import { formatDuration, formatShortTime } from "../format.ts";
import { BASE, Layout, Notice } from "../layout.tsx";
import { COUNT_CAP, formatCursor, INBOX_VIEWS, type Cursor, type InboxRow, type InboxView } from "../queries.ts";
import { channelLabels, outcomeLabels, senderLabels, statusLabels, viewLabels } from "../strings.ts";

/** The filters of an inbox request, as they appear in its URL. */
export interface InboxFilters {
  view: InboxView;
  channel?: string;
  topic?: string;
  q?: string;
}

/** The inbox URL for these filters, optionally at a page. */
export function inboxUrl(f: InboxFilters, page: { cursor?: Cursor; before?: number } = {}): string {
  const p = new URLSearchParams();
  if (f.view !== "waiting") p.set("view", f.view);
  if (f.channel) p.set("channel", f.channel);
  if (f.topic) p.set("topic", f.topic);
  if (f.q) p.set("q", f.q);
  if (page.cursor) p.set("cursor", formatCursor(page.cursor));
  if (page.before) p.set("before", String(page.before));
  const qs = p.toString();
  return qs ? `${BASE}?${qs}` : BASE;
}

/** Props of the inbox page. */
export interface InboxProps {
  staff: Staff;
  filters: InboxFilters;
  rows: InboxRow[];
  counts: { waiting: number; mine: number };
  now: number;
  /** the office clock: times are shown in its zone */
  clock: OfficeClock;
  topicTitle: (id: string) => string;
  /** next page of a list */
  next?: Cursor;
  /** this is a later page */
  paged?: boolean;
  /** text search: messages looked through and where to continue */
  search?: { scanned: number; before?: number };
  notice?: { kind: "ok" | "err"; text: string };
}

/** The inbox page. */
export const InboxPage: FC<InboxProps> = (p) => {
  const { filters: f } = p;
  const searching = Boolean(f.q);
  return (
    <Layout title={searching ? "Pencarian" : viewLabels[f.view]} staff={p.staff} section="inbox" refresh={searching || p.paged ? 0 : 30}>
      <h1 class="sr-only">Kotak masuk</h1>
      {p.notice ? <Notice kind={p.notice.kind} text={p.notice.text} /> : null}
      <nav class="tabs" aria-label="Daftar kasus" id="live-tabs" data-live-region="tabs">
        {INBOX_VIEWS.map((v) => (
          <a href={inboxUrl({ ...f, view: v, q: undefined })} aria-current={!searching && f.view === v ? "page" : undefined}>
            {viewLabels[v]}{" "}
            {v === "waiting" ? <span class={p.counts.waiting > 0 ? "badge hot" : "badge"}>{badge(p.counts.waiting)}</span> : null}
            {v === "mine" ? <span class="badge">{badge(p.counts.mine)}</span> : null}
          </a>
        ))}
      </nav>
      <form class="filters" method="get" action={BASE} role="search">
        {f.view !== "waiting" ? <input type="hidden" name="view" value={f.view} /> : null}
        <div>
          <label for="f-channel">Kanal</label>
          <select id="f-channel" name="channel">
            <option value="">Semua kanal</option>
            {Object.entries(channelLabels).map(([id, label]) => (
              <option value={id} selected={f.channel === id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-topic">Topik</label>
          <select id="f-topic" name="topic">
            <option value="">Semua topik</option>
            {TOPIC_IDS.map((id) => (
              <option value={id} selected={f.topic === id}>
                {p.topicTitle(id)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-q">Cari di isi pesan</label>
          <input id="f-q" name="q" type="search" value={f.q ?? ""} maxlength={100} placeholder="mis. nama, kecamatan, lowongan" />
        </div>
        <button type="submit">Terapkan</button>
        {f.channel || f.topic || f.q ? (
          <a class="button secondary" href={inboxUrl({ view: f.view })}>
            Hapus filter
          </a>
        ) : null}
      </form>
      {searching ? (
        <p class="muted small">
          Hasil pencarian “{f.q}” di {p.search?.scanned ?? 0} pesan terbaru{p.search?.before ? "" : " (semua pesan sudah diperiksa)"}.
          {f.channel || f.topic ? " Filter kanal dan topik tidak dipakai saat mencari." : ""}
        </p>
      ) : null}
      <div id="live-list" data-live-region="list">
        <CaseTable rows={p.rows} now={p.now} clock={p.clock} topicTitle={p.topicTitle} view={searching ? "all" : f.view} />
      </div>
      <div class="pager">
        {p.paged ? <a href={inboxUrl(f)}>« Halaman pertama</a> : null}
        {p.next ? <a href={inboxUrl(f, { cursor: p.next })}>Halaman berikutnya »</a> : null}
        {p.search?.before ? <a href={inboxUrl(f, { before: p.search.before })}>Cari di pesan yang lebih lama »</a> : null}
      </div>
    </Layout>
  );
};

const badge = (n: number) => (n > COUNT_CAP ? `${COUNT_CAP}+` : String(n));

const CaseTable: FC<{ rows: InboxRow[]; now: number; clock: OfficeClock; topicTitle: (id: string) => string; view: InboxView }> = ({
  rows,
  now,
  clock,
  topicTitle,
  view,
}) => {
  if (rows.length === 0) {
    return <p class="card muted">{view === "waiting" ? "Tidak ada pencari kerja yang menunggu. 🎉" : "Tidak ada kasus yang cocok."}</p>;
  }
  return (
    <div class="table-wrap">
    <table class="inbox">
      <thead>
        <tr>
          <th>Kasus</th>
          <th>{view === "waiting" ? "Menunggu" : "Dibuat"}</th>
          <th>Pencari kerja</th>
          <th>Pesan terakhir (tanpa bot)</th>
          <th>Petugas</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr class="row">
            <td>
              <a class="case" href={`${BASE}/cases/${r.id}`}>
                #{r.id}
              </a>{" "}
              <span class={`chip ${r.channel === "telegram" ? "tg" : r.channel === "whatsapp" ? "wa" : r.channel === "discord" ? "dc" : "web"}`}>{channelLabels[r.channel] ?? r.channel}</span>
              {r.listing ? (
                <span class="chip listing" title={r.listing.title}>
                  {r.listing.kind === "vacancy" ? "💼 lowongan" : "🎓 pelatihan"}
                </span>
              ) : null}
              <div class="small muted">{r.topic ? topicTitle(r.topic) : "–"}</div>
            </td>
            <td class="wait">
              {r.status === "waiting" ? <strong>{formatDuration(now - r.createdAt)}</strong> : formatShortTime(r.createdAt, now, clock)}
              <div class="small muted">pesan terakhir {formatShortTime(r.lastSeekerAt, now, clock)}</div>
            </td>
            <td>
              {r.intake.need ? <div>{r.intake.need}</div> : <span class="muted">–</span>}
              <div class="small muted">{[r.intake.education, r.intake.kecamatan].filter(Boolean).join(" · ")}</div>
              {r.labels.map((l) => (
                <span class="chip">{l}</span>
              ))}
            </td>
            <td data-label="Pesan terakhir">
              <div class="preview">
                {r.lastSender ? <span class="small">{senderLabels[r.lastSender] ?? r.lastSender}: </span> : null}
                {r.lastText ?? ""}
              </div>
            </td>
            <td data-label="Petugas">{r.assignedName ?? <span class="muted">–</span>}</td>
            <td>
              <span class={`st-${r.status}`}>{statusLabels[r.status] ?? r.status}</span>
              {r.outcome ? <div class="small muted">{outcomeLabels[r.outcome] ?? r.outcome}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
};
