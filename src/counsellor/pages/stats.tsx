/** The statistics page for the head of office: totals, per-channel table, charts to paste into reports. */
import type { Child, FC } from "hono/jsx";
import type { OfficeClock } from "../../core/clock.ts";
import type { Staff } from "../auth.ts";
import { BAR_COLOR, CHANNEL_COLORS, HorizontalBars, StackedBars } from "../charts.tsx";
import { dayIso, dayShort, formatDuration, formatNumber } from "../format.ts";
import { BASE, Layout } from "../layout.tsx";
import type { Stats } from "../stats.ts";
import { channelLabels, outcomeLabels, statusLabels } from "../strings.ts";

/** The charts of the page by URL name; each is also served alone as /admin/stats/<name>.svg. */
export const CHART_NAMES = ["percakapan", "pesan", "rujukan", "topik", "hasil", "penilaian"] as const;
/** One chart name. */
export type ChartName = (typeof CHART_NAMES)[number];

const CHANNELS = ["telegram", "whatsapp", "web"];

/** Build one chart of the statistics. */
export function chart(name: ChartName, s: Stats, topicTitle: (id: string) => string): Child {
  const labels = s.days.map(dayShort);
  const perDay = (pick: (r: Stats["byDay"][number]) => number) =>
    CHANNELS.map((ch) => ({
      label: channelLabels[ch] ?? ch,
      color: CHANNEL_COLORS[ch] ?? BAR_COLOR,
      values: s.days.map((d) => s.byDay.filter((r) => r.day === d && r.channel === ch).reduce((n, r) => n + pick(r), 0)),
    }));
  switch (name) {
    case "percakapan":
      return <StackedBars title="Percakapan per hari" labels={labels} series={perDay((r) => r.conversations)} />;
    case "pesan":
      return <StackedBars title="Pesan masuk per hari" labels={labels} series={perDay((r) => r.messagesIn)} />;
    case "rujukan":
      return <StackedBars title="Rujukan ke petugas per hari" labels={labels} series={perDay((r) => r.handoffs)} />;
    case "topik":
      return <HorizontalBars title="Topik yang ditanyakan" items={s.topics.slice(0, 19).map((t) => ({ label: topicTitle(t.topic), value: t.count }))} />;
    case "hasil":
      return (
        <HorizontalBars
          title="Hasil layanan kasus yang ditutup"
          items={Object.entries(outcomeLabels).map(([id, label]) => ({ label, value: s.cases.byOutcome[id] ?? 0 }))}
          color="#1a7f45"
        />
      );
    case "penilaian":
      return (
        <HorizontalBars
          title="Penilaian dari pencari kerja"
          items={[5, 4, 3, 2, 1].map((v) => ({ label: `${"★".repeat(v)} (${v})`, value: s.cases.ratings.byValue[v - 1] ?? 0 }))}
          color="#c98a00"
        />
      );
  }
}

/** The date-range inputs as they appear in URLs. */
export interface RangeInput {
  from: string;
  to: string;
}

/** The statistics page. */
export const StatsPage: FC<{ staff: Staff; stats: Stats; input: RangeInput; topicTitle: (id: string) => string; now: number; clock: OfficeClock; error?: string }> = ({
  staff,
  stats: s,
  input,
  topicTitle,
  now,
  clock,
  error,
}) => {
  const qs = `from=${input.from}&to=${input.to}`;
  const sum = (pick: (r: Stats["byDay"][number]) => number, ch?: string) => s.byDay.filter((r) => !ch || r.channel === ch).reduce((n, r) => n + pick(r), 0);
  const uniq = (ch?: string) => s.uniques.filter((u) => !ch || u.channel === ch).reduce((n, u) => ({ seekers: n.seekers + u.seekers, conversations: n.conversations + u.conversations }), { seekers: 0, conversations: 0 });
  const total = uniq();
  const handoffs = sum((r) => r.handoffs);
  const fr = s.cases.firstReply;
  const today = clock.day(now);
  const quick: Array<[string, number, number]> = [
    ["7 hari", today - 6, today],
    ["30 hari", today - 29, today],
    ["90 hari", today - 89, today],
  ];
  return (
    <Layout title="Statistik" staff={staff} section="stats">
      <h1>Statistik layanan</h1>
      <form class="filters" method="get" action={`${BASE}/stats`}>
        <div>
          <label for="from">Dari tanggal</label>
          <input id="from" name="from" type="date" value={input.from} required />
        </div>
        <div>
          <label for="to">Sampai tanggal</label>
          <input id="to" name="to" type="date" value={input.to} required />
        </div>
        <button type="submit">Tampilkan</button>
        {quick.map(([label, a, b]) => (
          <a class="button secondary" href={`${BASE}/stats?from=${dayIso(a)}&to=${dayIso(b)}`}>
            {label}
          </a>
        ))}
      </form>
      {error ? (
        <p class="notice err" role="alert">
          {error}
        </p>
      ) : null}
      <p class="muted small">
        Periode {input.from} s.d. {input.to} ({clock.zone}), {s.days.length} hari.{" "}
        <a class="noprint" href={`${BASE}/export.csv?${qs}`}>
          Unduh data kasus (CSV untuk Excel berbahasa Indonesia)
        </a>{" "}
        <span class="noprint">
          (<a href={`${BASE}/export.csv?${qs}&sep=comma`}>pemisah koma</a>)
        </span>
      </p>
      <div class="cards">
        <Kpi label="Percakapan" value={formatNumber(total.conversations)} />
        <Kpi label="Pencari kerja unik" value={formatNumber(total.seekers)} />
        <Kpi label="Pesan masuk" value={formatNumber(sum((r) => r.messagesIn))} />
        <Kpi label="Rujukan ke petugas" value={formatNumber(handoffs)} />
        <Kpi label="Median waktu balasan pertama petugas" value={fr.medianMs === null ? "–" : formatDuration(fr.medianMs)} />
        <Kpi label={`Rata-rata penilaian (${s.cases.ratings.count} penilaian)`} value={s.cases.ratings.average === null ? "–" : `${s.cases.ratings.average.toFixed(1).replace(".", ",")} / 5`} />
      </div>
      <h2>Per kanal</h2>
      <table>
        <thead>
          <tr>
            <th>Kanal</th>
            <th class="num">Percakapan</th>
            <th class="num">Pencari kerja unik</th>
            <th class="num">Pesan masuk</th>
            <th class="num">Balasan bot</th>
            <th class="num">Balasan petugas</th>
            <th class="num">Rujukan ke petugas</th>
          </tr>
        </thead>
        <tbody>
          {[...CHANNELS, undefined].map((ch) => {
            const u = uniq(ch);
            return (
              <tr>
                <td>{ch ? (channelLabels[ch] ?? ch) : <strong>Jumlah</strong>}</td>
                <td class="num">{formatNumber(u.conversations)}</td>
                <td class="num">{formatNumber(u.seekers)}</td>
                <td class="num">{formatNumber(sum((r) => r.messagesIn, ch))}</td>
                <td class="num">{formatNumber(sum((r) => r.botReplies, ch))}</td>
                <td class="num">{formatNumber(sum((r) => r.counsellorReplies, ch))}</td>
                <td class="num">{formatNumber(sum((r) => r.handoffs, ch))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="small muted">
        Kasus dalam periode: {Object.entries(statusLabels).map(([id, label]) => `${label} ${formatNumber(s.cases.byStatus[id] ?? 0)}`).join(" · ")}.
        {fr.count > 0 ? ` Dibalas petugas: ${formatNumber(fr.count)} kasus; 90% dibalas dalam ${formatDuration(fr.p90Ms ?? 0)}.` : ""}
      </p>
      {s.erased.seekers > 0 ? (
        <p class="small muted">
          Dalam periode ini {formatNumber(s.erased.seekers)} pencari kerja menghapus datanya ({formatNumber(s.erased.messages)} pesan, {formatNumber(s.erased.cases)} kasus). Angka kasus
          tidak lagi mencakup data tersebut; jumlah pesan hari-hari sebelumnya tetap mencakupnya karena sudah direkap sebelum dihapus.
        </p>
      ) : null}
      <h2>Grafik</h2>
      <p class="small muted noprint">Setiap grafik dapat diunduh sebagai gambar SVG lalu disisipkan ke dokumen laporan (Word, Google Docs, LibreOffice).</p>
      <div class="grid2">
        {CHART_NAMES.map((name) => (
          <figure class={name === "percakapan" || name === "pesan" || name === "rujukan" ? "chart wide" : "chart"}>
            {chart(name, s, topicTitle)}
            <figcaption class="small noprint">
              <a href={`${BASE}/stats/${name}.svg?${qs}`} download={`binjol-${name}-${input.from}-${input.to}.svg`}>
                Unduh gambar (SVG)
              </a>
            </figcaption>
          </figure>
        ))}
      </div>
      <details>
        <summary>Tabel harian</summary>
        <table>
          <thead>
            <tr>
              <th>Tanggal</th>
              <th>Kanal</th>
              <th class="num">Percakapan</th>
              <th class="num">Pencari kerja unik</th>
              <th class="num">Pesan masuk</th>
              <th class="num">Balasan bot</th>
              <th class="num">Balasan petugas</th>
              <th class="num">Rujukan</th>
            </tr>
          </thead>
          <tbody>
            {s.byDay.map((r) => (
              <tr>
                <td>{dayIso(r.day)}</td>
                <td>{channelLabels[r.channel] ?? r.channel}</td>
                <td class="num">{formatNumber(r.conversations)}</td>
                <td class="num">{formatNumber(r.seekers)}</td>
                <td class="num">{formatNumber(r.messagesIn)}</td>
                <td class="num">{formatNumber(r.botReplies)}</td>
                <td class="num">{formatNumber(r.counsellorReplies)}</td>
                <td class="num">{formatNumber(r.handoffs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Layout>
  );
};

const Kpi: FC<{ label: string; value: string }> = ({ label, value }) => (
  <div class="kpi">
    <div class="v">{value}</div>
    <div class="l">{label}</div>
  </div>
);
