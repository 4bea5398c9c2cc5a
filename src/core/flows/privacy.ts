/** The seeker's rights under UU 27/2022 in chat: see their own data (/datasaya) and delete it (/hapusdata). */
import { clipUtf16 } from "../html.ts";
import { menuButton } from "../buttons.ts";
import type { OfficeClock } from "../clock.ts";
import { strings } from "../strings.ts";
import { formatSize } from "../strings-files.ts";
import type { Button, ConversationState, DataSummary, Effect, InboundEvent, Reply } from "../types.ts";

/** Button actions of the deletion confirmation. */
export const privacyActions = { confirm: "d:yes", cancel: "d:no" } as const;

/** A decision of the privacy flow. */
export interface PrivacyResult {
  topic: "privasi";
  replies: Reply[];
  state: ConversationState;
  effects: Effect[];
}

/** Handle /datasaya, /hapusdata and the confirmation buttons; undefined for anything else. Times are on the office `clock`. */
export function privacyFlow(event: InboundEvent, state: ConversationState, data: DataSummary | undefined, clock: OfficeClock): PrivacyResult | undefined {
  const done = (text: string, buttons: Button[], effects: Effect[] = []): PrivacyResult => ({
    topic: "privasi",
    replies: [{ topic: "privasi", body: { kind: "text", text }, buttons }],
    state: { ...state, lastTopic: "privasi" },
    effects,
  });
  const menu: Button[] = [menuButton()];
  if (event.type === "command" && event.command === "datasaya") {
    return done(describe(data, clock), [{ label: strings.privacy.deleteButton, action: "d:ask" }, ...menu]);
  }
  if ((event.type === "command" && event.command === "hapusdata") || (event.type === "action" && event.action === "d:ask")) {
    return done(strings.privacy.confirm, [
      { label: strings.privacy.confirmButton, action: privacyActions.confirm },
      { label: strings.privacy.cancelButton, action: privacyActions.cancel },
    ]);
  }
  if (event.type === "action" && event.action === privacyActions.confirm) {
    return { ...done(strings.privacy.deleted, []), state: {}, effects: [{ type: "erase" }] };
  }
  if (event.type === "action" && event.action === privacyActions.cancel) {
    return done(strings.privacy.cancelled, menu);
  }
  return undefined;
}

function describe(data: DataSummary | undefined, clock: OfficeClock): string {
  if (!data) return strings.privacy.nothing;
  const date = (ms: number) => clock.dateTime(ms);
  const zone = clock.zone;
  const lines = [
    strings.privacy.header,
    "",
    `• Pertama kali menghubungi BINJOL: ${date(data.firstSeenAt)} ${zone}`,
    `• Jumlah pesan tersimpan (darimu dan dari kami): ${data.messages}`,
  ];
  if (data.cases.length > 0) {
    lines.push(`• Percakapan dengan konselor: ${data.cases.length}`);
    for (const c of data.cases) {
      const intake = Object.entries(c.intake)
        .filter(([k]) => k in strings.privacy.intakeLabels)
        .map(([k, v]) => `${strings.privacy.intakeLabels[k]}: ${v}`)
        .join("; ");
      lines.push(`   – #${c.id}, ${date(c.createdAt)} (${strings.privacy.caseStatus[c.status] ?? c.status})${intake ? `: ${intake}` : ""}`);
    }
  }
  if (data.profile) {
    const p = data.profile.profile;
    const parts = [
      p.education ? `pendidikan ${p.education}` : "",
      p.major ? `jurusan ${p.major}` : "",
      p.skills.length > 0 ? `keahlian ${p.skills.join(", ")}` : "",
      p.placeCode ? `lokasi (kode wilayah ${p.placeCode})` : "",
      p.workType ? `jenis kerja ${p.workType.replace("-", " ")}` : "",
      p.disability ? `disabilitas ${p.disability}` : "",
    ].filter(Boolean);
    lines.push(`• Profil pencari kerja (disetujui ${date(data.profile.consentedAt)} ${zone}): ${parts.join("; ") || "belum diisi"}`);
    const age = data.profile.ageGroup;
    const guardianAt = data.profile.guardianConsentedAt;
    lines.push(
      `   – ${
        age === "adult"
          ? strings.privacy.ageAdult
          : age === "minor"
            ? strings.privacy.ageMinor(guardianAt !== undefined ? `${date(guardianAt)} ${zone}` : undefined)
            : strings.privacy.ageUnknown
      }`,
    );
    lines.push(`   – Info lowongan mingguan: ${data.profile.alertsOn ? "aktif" : "tidak aktif"}. Ubah atau hapus di /profil.`);
    lines.push(`   – ${strings.privacy.withdraw}`);
  }
  if (data.files && data.files.length > 0) {
    lines.push(`• Berkas tersimpan: ${data.files.length}`);
    for (const f of data.files) lines.push(`   – ${clipUtf16(f.name, 80)} (${f.type.toUpperCase()}, ${formatSize(f.size)}), ${date(f.createdAt)} ${zone}`);
  }
  if (data.recent.length > 0) {
    lines.push("", strings.privacy.recent);
    for (const m of data.recent) lines.push(`${m.direction === "in" ? "Kamu" : "BINJOL"} (${date(m.createdAt)}): ${clipUtf16(m.text, 120)}`);
  }
  lines.push("", strings.privacy.footer);
  return clipUtf16(lines.join("\n"), 3900);
}
