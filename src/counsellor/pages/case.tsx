/** The conversation view of one case: transcript across bot and human turns, reply, profile, notes, actions. */
import type { FC } from "hono/jsx";
import type { OfficeClock } from "../../core/clock.ts";
import type { Staff } from "../auth.ts";
import type { CaseAction } from "../policy.ts";
import { formatDuration, formatTime } from "../format.ts";
import { BASE, CsrfField, Layout, Notice } from "../layout.tsx";
import type { CaseDetail, CaseListing, SeekerProfile, TranscriptFile, TranscriptMessage } from "../queries.ts";
import { formatSize } from "../../core/strings-files.ts";
import { channelLabels, deliveryLabels, intakeLabels, outcomeLabels, senderLabels, statusLabels, whatsappWindow } from "../strings.ts";

/** Props of the case page. */
export interface CaseProps {
  staff: Staff;
  detail: CaseDetail;
  canned: Array<{ id: string; title: string; text: string }>;
  outcomes: readonly string[];
  now: number;
  /** the office clock: times are shown in its zone */
  clock: OfficeClock;
  topicTitle: (id: string) => string;
  /** the signed-in counsellor may reply to and close this case */
  /** what this counsellor may do here (policy.ts): forms they may not use are not shown */
  may: (action: CaseAction) => boolean;
  notice?: { kind: "ok" | "err"; text: string };
  /** one-time id of the reply form (dedupes a double submit) */
  replyId: string;
  /** "Kanigoro, Kabupaten Blitar" for a place code, when the listings know it */
  placeName?: (code: string) => string | undefined;
  /** WhatsApp: the approved template a counsellor reply becomes outside the 24-hour window (none configured: undefined) */
  whatsappTemplate?: string;
}

/** WhatsApp's customer-service window: free-form messages only this long after the seeker's last message. */
const WHATSAPP_WINDOW_MS = 24 * 3600_000;

/** True when the conversation is on WhatsApp and the seeker's last message is 24 hours old or older (or not on this page). */
export function whatsappWindowClosed(detail: CaseDetail, now: number): boolean {
  if (detail.case.channel !== "whatsapp") return false;
  const last = detail.transcript.reduce((at, m) => (m.direction === "in" && m.createdAt > at ? m.createdAt : at), 0);
  return now - last >= WHATSAPP_WINDOW_MS;
}

/** The case page. */
export const CasePage: FC<CaseProps> = (p) => {
  const c = p.detail.case;
  const active = c.status === "waiting" || c.status === "open";
  const url = `${BASE}/cases/${c.id}`;
  return (
    <Layout title={`Kasus #${c.id}`} staff={p.staff} section="inbox" refresh={active ? 20 : 0}>
      <p class="small noprint">
        <a href={BASE}>« Kotak masuk</a>
      </p>
      <h1 id="live-head" data-live-region="head">
        Kasus #{c.id} <span class={`st-${c.status}`}>{statusLabels[c.status] ?? c.status}</span>{" "}
        <span class={`chip ${c.channel === "telegram" ? "tg" : c.channel === "whatsapp" ? "wa" : c.channel === "discord" ? "dc" : "web"}`}>{channelLabels[c.channel] ?? c.channel}</span>
      </h1>
      {p.notice ? <Notice kind={p.notice.kind} text={p.notice.text} /> : null}
      {c.listing ? <ListingBox listing={c.listing} /> : null}
      <div class="layout">
        <section class="case-main">
          <div class="card conversation">
            <h2>Percakapan</h2>
            {p.detail.olderBefore ? (
              <p class="small">
                <a href={`${url}?before=${p.detail.olderBefore}`}>Tampilkan pesan yang lebih lama</a>
              </p>
            ) : null}
            {/* tabindex: the pane scrolls by keyboard (arrow keys, PageUp/PageDown) once focused */}
            <div class="transcript" role="log" aria-label="Isi percakapan" tabindex={0} id="live-transcript" data-live-region="transcript" data-live-case={String(c.id)} data-live-conversation={c.conversationId}>
              {p.detail.transcript.length === 0 ? <p class="muted">Belum ada pesan.</p> : null}
              {p.detail.transcript.map((m) => (
                <Message m={m} caseId={c.id} topicTitle={p.topicTitle} clock={p.clock} channel={c.channel} />
              ))}
            </div>
          </div>
          {active ? (
            <div class="card reply-card" id="balas">
              <div class="reply-head">
                <h2>Balas</h2>
                {p.may("reply") && p.canned.length > 0 ? (
                  <>
                    <label for="canned">Balasan cepat</label>
                    <select id="canned" name="canned" form="reply-form" data-canned="">
                      <option value="">— pilih balasan cepat —</option>
                      {p.canned.map((r) => (
                        <option value={r.id} data-text={r.text}>
                          {r.title}
                        </option>
                      ))}
                    </select>
                  </>
                ) : null}
              </div>
              {whatsappWindowClosed(p.detail, p.now) ? (
                <p class="notice err" data-window="closed">
                  {whatsappWindow.closed} {p.whatsappTemplate ? whatsappWindow.template(p.whatsappTemplate) : whatsappWindow.noTemplate}
                </p>
              ) : null}
              {p.may("reply") ? (
                <form method="post" action={`${url}/reply`} enctype="multipart/form-data" id="reply-form">
                  <CsrfField staff={p.staff} />
                  <input type="hidden" name="_rid" value={p.replyId} />
                  <label for="reply">Pesan untuk pencari kerja</label>
                  <textarea id="reply" name="text" data-reply="" maxlength={4000} rows={3}></textarea>
                  <div class="reply-row">
                    <div>
                      <label for="reply-file">Lampiran (PDF, DOCX, JPEG, PNG; maks. 5 MB)</label>
                      <input id="reply-file" name="file" type="file" accept=".pdf,.docx,.jpg,.jpeg,.png,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/jpeg,image/png" />
                    </div>
                    <button type="submit">{c.status === "waiting" ? "Ambil kasus & kirim" : "Kirim balasan"}</button>
                  </div>
                  <p class="small muted">Tanpa teks, balasan cepat yang dipilih yang dikirim. Ctrl+Enter untuk mengirim.</p>
                </form>
              ) : (
                <p class="muted">
                  Kasus ini ditangani {c.assignedName ?? "petugas lain"}. Minta petugas tersebut atau admin untuk mengalihkannya kepada Anda.
                </p>
              )}
            </div>
          ) : null}
        </section>
        <aside>
          <div class="card">
            <h2>Kasus</h2>
            <dl class="facts">
              <dt>Topik asal</dt>
              <dd>{c.topic ? p.topicTitle(c.topic) : "–"}</dd>
              <dt>Dibuat</dt>
              <dd>{formatTime(c.createdAt, p.clock)}</dd>
              {c.status === "waiting" ? (
                <>
                  <dt>Menunggu</dt>
                  <dd>
                    <strong>{formatDuration(p.now - c.createdAt)}</strong>
                  </dd>
                </>
              ) : null}
              <dt>Pesan terakhir</dt>
              <dd>{formatTime(c.lastSeekerAt, p.clock)}</dd>
              <dt>Petugas</dt>
              <dd>{c.assignedName ?? "–"}</dd>
              {c.firstReplyAt ? (
                <>
                  <dt>Balasan pertama</dt>
                  <dd>setelah {formatDuration(c.firstReplyAt - c.createdAt)}</dd>
                </>
              ) : null}
              {c.closedAt ? (
                <>
                  <dt>Ditutup</dt>
                  <dd>{formatTime(c.closedAt, p.clock)}</dd>
                </>
              ) : null}
              {c.outcome ? (
                <>
                  <dt>Hasil</dt>
                  <dd>{outcomeLabels[c.outcome] ?? c.outcome}</dd>
                </>
              ) : null}
              {c.rating ? (
                <>
                  <dt>Penilaian</dt>
                  <dd>{"★".repeat(c.rating) + "☆".repeat(5 - c.rating)} ({c.rating}/5)</dd>
                </>
              ) : null}
            </dl>
            {active ? (
              <div class="actions">
                {c.status === "waiting" ? (
                  <form method="post" action={`${url}/claim`}>
                    <CsrfField staff={p.staff} />
                    <button type="submit">Ambil kasus ini</button>
                  </form>
                ) : null}
                {p.may("assign") ? (
                  <form method="post" action={`${url}/assign`} class="inline">
                    <CsrfField staff={p.staff} />
                    <label for="assign" class="sr-only">
                      Alihkan ke
                    </label>
                    <select id="assign" name="counsellor">
                      {p.detail.counsellors.map((s) => (
                        <option value={String(s.id)} selected={s.id === (c.assignedTo ?? p.staff.id)}>
                          {s.name}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="secondary">
                      Alihkan
                    </button>
                  </form>
                ) : null}
                {p.may("close") ? (
                  <form method="post" action={`${url}/close`} data-confirm="Tutup kasus ini? Bot akan meminta penilaian dari pencari kerja.">
                    <CsrfField staff={p.staff} />
                    <label for="outcome">Hasil layanan</label>
                    <div class="inline">
                      <select id="outcome" name="outcome" required>
                        <option value="">— pilih hasil —</option>
                        {p.outcomes.map((o) => (
                          <option value={o}>{outcomeLabels[o] ?? o}</option>
                        ))}
                      </select>
                      <button type="submit" class="danger">
                        Tutup kasus
                      </button>
                    </div>
                  </form>
                ) : null}
                {p.may("close") ? (
                  <form method="post" action={`${url}/spam`} data-confirm="Tandai kasus ini sebagai spam? Kasus ditutup tanpa pesan ke pencari kerja dan tidak dihitung di statistik.">
                    <CsrfField staff={p.staff} />
                    {p.may("block") ? (
                      <label class="small">
                        <input type="checkbox" name="block" value="1" /> sekaligus blokir pencari kerja ini
                      </label>
                    ) : null}
                    <button type="submit" class="secondary">
                      Tandai spam
                    </button>
                  </form>
                ) : null}
              </div>
            ) : null}
          </div>
          {p.detail.profile ? <SavedProfile profile={p.detail.profile} now={p.now} clock={p.clock} placeName={p.placeName} /> : null}
          <div class="card">
            <h2>Profil pencari kerja</h2>
            <dl class="facts">
              <dt>Kanal</dt>
              <dd>{channelLabels[p.detail.seeker.channel] ?? p.detail.seeker.channel}</dd>
              {(["need", "education", "kecamatan"] as const).map((k) => (
                <>
                  <dt>{intakeLabels[k]}</dt>
                  <dd>{c.intake[k] ?? <span class="muted">belum diisi</span>}</dd>
                </>
              ))}
              {p.detail.seeker.firstSeenAt ? (
                <>
                  <dt>Pertama kali</dt>
                  <dd>{formatTime(p.detail.seeker.firstSeenAt, p.clock)}</dd>
                </>
              ) : null}
              {p.detail.seeker.lastTopic ? (
                <>
                  <dt>Topik terakhir</dt>
                  <dd>{p.topicTitle(p.detail.seeker.lastTopic)}</dd>
                </>
              ) : null}
            </dl>
            {p.may("block") ? (
              <form method="post" action={`${url}/block`} class="block-form">
                <CsrfField staff={p.staff} />
                {p.detail.seeker.blockedAt ? (
                  <>
                    <p class="small">Diblokir sejak {formatTime(p.detail.seeker.blockedAt, p.clock)}.</p>
                    <input type="hidden" name="block" value="0" />
                    <button type="submit" class="secondary">Buka blokir</button>
                  </>
                ) : (
                  <>
                    <input type="hidden" name="block" value="1" />
                    <button type="submit" class="secondary" title="Untuk penyalahgunaan layanan: pesan tetap tersimpan, bot hanya memberi tahu sekali">
                      Blokir pencari kerja
                    </button>
                  </>
                )}
              </form>
            ) : (
              <p class="small muted">
                {p.detail.seeker.blockedAt ? <>Diblokir sejak {formatTime(p.detail.seeker.blockedAt, p.clock)}. </> : null}
                {onlyOwner("memblokir atau membuka blokir pencari kerja ini")}
              </p>
            )}
            <h3>Kasus lain</h3>
            {p.detail.otherCases.length === 0 ? (
              <p class="muted small">Belum pernah.</p>
            ) : (
              <ul class="small">
                {p.detail.otherCases.map((o) => (
                  <li>
                    <a href={`${BASE}/cases/${o.id}`}>#{o.id}</a> · {formatTime(o.createdAt, p.clock)} · {statusLabels[o.status] ?? o.status}
                    {o.outcome ? ` · ${outcomeLabels[o.outcome] ?? o.outcome}` : ""}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div class="card">
            <h2>Label</h2>
            {p.may("label") ? (
              <form method="post" action={`${url}/labels`}>
                <CsrfField staff={p.staff} />
                <label for="labels">Pisahkan dengan koma</label>
                <input id="labels" name="labels" type="text" maxlength={400} value={c.labels.join(", ")} placeholder="mis. disabilitas, lulusan SMK" />
                <div>
                  <button type="submit" class="secondary">
                    Simpan label
                  </button>
                </div>
              </form>
            ) : (
              <>
                <p>{c.labels.length > 0 ? c.labels.join(", ") : <span class="muted">Belum ada label.</span>}</p>
                <p class="small muted">{onlyOwner("mengubah label")}</p>
              </>
            )}
          </div>
          <div class="card">
            <h2>Catatan internal</h2>
            <p class="small muted">Hanya terlihat oleh petugas, tidak dikirim ke pencari kerja.</p>
            {p.detail.notes.map((n) => (
              <div class="note">
                <div class="small muted">
                  {n.counsellorName} · {formatTime(n.createdAt, p.clock)}
                </div>
                {n.text}
              </div>
            ))}
            {p.may("note") ? (
              <form method="post" action={`${url}/notes`}>
                <CsrfField staff={p.staff} />
                <label for="note">Catatan baru</label>
                <textarea id="note" name="text" maxlength={4000} rows={3}></textarea>
                <button type="submit" class="secondary">
                  Simpan catatan
                </button>
              </form>
            ) : (
              <p class="small muted">{onlyOwner("menambah catatan")}</p>
            )}
          </div>
        </aside>
      </div>
    </Layout>
  );
};

/** Why a form is missing: the same rule as policy.ts, in words. */
function onlyOwner(what: string): string {
  return `Hanya petugas yang menangani kasus ini atau admin yang dapat ${what}.`;
}

const ListingBox: FC<{ listing: CaseListing }> = ({ listing }) => (
  <div class={`card listing-box ${listing.kind}`} role="note" data-listing={listing.kind}>
    <strong>
      Ditanyakan: {listing.kind === "vacancy" ? "Lowongan" : "Pelatihan"} — {listing.title}
    </strong>
    <div class="small muted">
      Pencari kerja meminta petugas dari {listing.kind === "vacancy" ? "lowongan" : "pelatihan"} ini · <code>{listing.slug}</code>
    </div>
  </div>
);

const WORK_TYPE_LABELS: Record<string, string> = {
  "penuh-waktu": "Penuh waktu",
  "paruh-waktu": "Paruh waktu",
  kontrak: "Kontrak",
  magang: "Magang",
  harian: "Harian",
};

const SavedProfile: FC<{ profile: SeekerProfile; now: number; clock: OfficeClock; placeName?: (code: string) => string | undefined }> = ({
  profile: pr,
  now,
  clock,
  placeName,
}) => {
  const none = <span class="muted">belum diisi</span>;
  const place = pr.placeCode ? placeName?.(pr.placeCode) : undefined;
  const alerts = pr.unreachableAt
    ? "tidak aktif (bot diblokir pencari kerja)"
    : pr.alertDueAt !== null
      ? `aktif · berikutnya ${pr.alertDueAt > now ? formatTime(pr.alertDueAt, clock) : "segera"}`
      : "tidak aktif";
  return (
    <div class="card" id="profil">
      <h2>Profil tersimpan</h2>
      <dl class="facts">
        <dt>Pendidikan</dt>
        <dd>{pr.education ?? none}</dd>
        <dt>Jurusan</dt>
        <dd>{pr.major ?? none}</dd>
        <dt>Keahlian</dt>
        <dd>{pr.skills.length > 0 ? pr.skills.join(", ") : none}</dd>
        <dt>Lokasi</dt>
        <dd>{pr.placeCode ? (place ? `${place} (${pr.placeCode})` : pr.placeCode) : none}</dd>
        <dt>Jenis kerja</dt>
        <dd>{pr.workType ? (WORK_TYPE_LABELS[pr.workType] ?? pr.workType) : none}</dd>
        {pr.disability !== undefined && pr.disabilityConsentedAt !== null ? (
          <>
            <dt>Disabilitas</dt>
            <dd>
              {pr.disability}
              <div class="small muted">data spesifik, dengan persetujuan {formatTime(pr.disabilityConsentedAt, clock)}</div>
            </dd>
          </>
        ) : null}
        <dt>Info mingguan</dt>
        <dd>{alerts}</dd>
        <dt>Persetujuan</dt>
        <dd>{formatTime(pr.consentedAt, clock)}</dd>
      </dl>
    </div>
  );
};

const Message: FC<{ m: TranscriptMessage; caseId: number; topicTitle: (id: string) => string; clock: OfficeClock; channel: string }> = ({ m, caseId, topicTitle, clock, channel }) => {
  const classes = ["msg", m.direction, m.sender === "counsellor" ? "counsellor" : "", m.caseId !== null && m.caseId !== caseId ? "other-case" : "", m.status === "failed" ? "failed" : ""];
  const who = m.sender === "counsellor" && m.counsellorName ? `${senderLabels.counsellor} · ${m.counsellorName}` : (senderLabels[m.sender] ?? m.sender);
  return (
    <div class={classes.filter(Boolean).join(" ")} id={`m${m.id}`}>
      <div class="meta">
        {who} · {formatTime(m.createdAt, clock)}
        {m.topic && m.sender !== "counsellor" ? ` · ${topicTitle(m.topic)}` : ""}
        {m.caseId !== null && m.caseId !== caseId ? ` · kasus #${m.caseId}` : ""}
      </div>
      <div class="text">{m.text ?? `[${m.kind}]`}</div>
      {m.files ? <FileList files={m.files} /> : null}
      {m.status === "failed" ? <div class="err">Tidak terkirim: {m.error ?? "alasan tidak diketahui"}</div> : null}
      {m.direction === "out" && channel === "whatsapp" && deliveryLabels[m.status] ? <div class="delivery">{deliveryLabels[m.status]}</div> : null}
    </div>
  );
};

/** The files of a message: name, type and size, each a download (never shown inline on the dashboard's origin). */
const FileList: FC<{ files: TranscriptFile[] }> = ({ files }) => (
  <ul class="files" aria-label="Berkas">
    {files.map((f) => (
      <li>
        <a href={`${BASE}/files/${f.id}`} download={f.name}>
          {f.name}
        </a>{" "}
        <span class="muted">
          ({f.type.toUpperCase()}, {formatSize(f.size)})
        </span>
      </li>
    ))}
  </ul>
);
