/** The job flows' detail views: one vacancy or training, how to apply or register, and a counsellor about it. */
import type { ContentBundle } from "../../content/types.ts";
import { searchTrainings, searchVacancies, trainingById, vacancyById } from "../../listings/search.ts";
import { EDUCATION_LEVELS, type Education, type Training, type Vacancy } from "../../listings/types.ts";
import { menuButton, topicButton } from "../buttons.ts";
import { formatDate, formatRupiah } from "../html.ts";
import { bold, line, link, marked, type Line } from "../rich.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import { type TopicId } from "../topics.ts";
import type { Browse, Button, ConversationState } from "../types.ts";
import type { FlowResult } from "./handoff.ts";
import { type JobContext, jobActions, type Result, result, rich, ask, backButton, placeName } from "./jobs-common.ts";
import { listPage } from "./jobs-list.ts";

// ── Vacancies ────────────────────────────────────────────────────────────────


/** The location and education filters of a list (v: vacancies, l: training): choices, a choice, or clearing. */
export function listFilter(kind: "v" | "l", what: string | undefined, value: string | undefined, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const listings = ctx.listings!;
  const topicId: TopicId = kind === "v" ? "lowongan" : "pelatihan";
  const current: Browse = state.browse?.kind === kind && !state.browse.match ? state.browse : { kind, page: 1 };
  if (what === "x") return listPage(state, content, ctx, { kind, page: 1 });
  if (what === "l" && value) return listPage(state, content, ctx, { ...current, placeCode: value, page: 1 });
  if (what === "e" && value && (EDUCATION_LEVELS as readonly string[]).includes(value)) {
    return listPage(state, content, ctx, { ...current, education: value as Education, page: 1 });
  }
  const setPlace = kind === "v" ? jobActions.vacancyPlaceSet : jobActions.trainingPlaceSet;
  const setEducation = kind === "v" ? jobActions.vacancyEducationSet : jobActions.trainingEducationSet;
  if (what === "l") {
    // The kecamatan with the most open listings, then the whole kabupaten/kota of the office's area.
    const counts = new Map<string, number>();
    const open = kind === "v" ? searchVacancies(listings, {}, ctx.today) : searchTrainings(listings, {}, ctx.today);
    for (const item of open) counts.set(item.place.code, (counts.get(item.place.code) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
    const regencies = [...new Map(listings.places.map((p) => [p.code.split(".").slice(0, 2).join("."), p.kabupaten])).entries()];
    const buttons: Button[] = [
      ...top.map(([code, n]) => ({ label: `${placeName(listings, code)} (${n})`, action: setPlace(code) })),
      ...regencies.map(([code, name]) => ({ label: `Se-${name}`, action: setPlace(code) })),
    ];
    return ask(state, kind === "v" ? "vacancy-search" : "training-search", topicId, S.vacancy.askPlace, [...buttons, backButton(kind, state.browse)]);
  }
  if (what === "e") {
    const buttons = EDUCATION_LEVELS.map((level) => ({ label: level, action: setEducation(level) }));
    return result(topicId, state, [rich(topicId, S.vacancy.askEducation, [...buttons, backButton(kind, state.browse), menuButton()])]);
  }
  return listPage(state, content, ctx, current);
}

export function findVacancy(ctx: JobContext, id: string): Vacancy | undefined {
  const v = vacancyById(ctx.listings!, id);
  return v && v.deadline >= ctx.today ? v : undefined;
}

export function findTraining(ctx: JobContext, id: string): Training | undefined {
  const t = trainingById(ctx.listings!, id);
  return t && t.deadline >= ctx.today ? t : undefined;
}

export function gone(kind: "v" | "l", state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const list = listPage(state, content, ctx, { kind, page: 1 });
  const topic = kind === "v" ? "lowongan" : "pelatihan";
  return { ...list, replies: [rich(topic, kind === "v" ? S.vacancy.gone : S.training.gone, []), ...list.replies] };
}

export function salary(v: Vacancy): string | undefined {
  if (v.salaryMin && v.salaryMax && v.salaryMax !== v.salaryMin) return `${formatRupiah(v.salaryMin)}–${formatRupiah(v.salaryMax)} ${S.vacancy.perMonth}`;
  const one = v.salaryMin ?? v.salaryMax;
  return one ? `${formatRupiah(one)} ${S.vacancy.perMonth}` : undefined;
}

/** The end of a detail view: requirements, description, who verified it and when, and the demo-data note. */
export function detailFooter(item: Vacancy | Training): Line[] {
  return [
    [],
    marked(S.vacancy.requirements),
    ...item.requirements.map((r) => line(`• ${r}`)),
    ...(item.description ? [[], line(item.description.slice(0, 1200))] : []),
    [],
    line(S.vacancy.verified(item.verifiedBy, formatDate(item.verifiedOn), item.source)),
    ...(item.example ? [marked(S.vacancy.example)] : []),
  ];
}

/** The detail of one vacancy as lines of a rich reply. */
export function vacancyDetailLines(v: Vacancy): Line[] {
  const pay = salary(v);
  return [
    line("💼 ", bold(v.position)),
    line(v.company),
    line(`🏭 ${v.sector}`),
    line(`📍 Kec. ${v.place.kecamatan}, ${v.place.kabupaten}`),
    line(`🎓 Minimal ${v.education} · ${v.majors.length > 0 ? v.majors.join(", ") : S.vacancy.allMajors}`),
    line(`🕒 ${S.workTypes[v.workType]} · ${S.vacancy.quota(v.quota)}`),
    ...(pay ? [line(`💰 ${pay}`)] : []),
    ...(v.disabilityFriendly ? [marked(S.vacancy.disabilityFriendly)] : []),
    line(`⏳ ${S.vacancy.deadline(formatDate(v.deadline))}`),
    ...detailFooter(v),
  ];
}

export function vacancyDetail(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const v = findVacancy(ctx, id);
  if (!v) return gone("v", state, content, ctx);
  return result("lowongan", state, [
    rich("lowongan", vacancyDetailLines(v), [
      { label: S.buttons.apply, action: jobActions.vacancyApply(v.id) },
      { label: S.buttons.askVacancy, action: jobActions.vacancyAsk(v.id) },
      backButton("v", state.browse),
      menuButton(),
    ]),
  ]);
}

export function contactLines(c: Vacancy["contact"]): Line[] {
  return [
    ...(c.email ? [line("📧 ", link(c.email, `mailto:${c.email}`))] : []),
    ...(c.website ? [line("🌐 ", link(c.website, c.website))] : []),
    ...(c.phone ? [line(`☎️ ${c.phone}`)] : []),
    ...(c.address ? [line(`🏢 ${c.address}`)] : []),
  ];
}

export function vacancyApply(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const v = findVacancy(ctx, id);
  if (!v) return gone("v", state, content, ctx);
  const lines: Line[] = [
    marked(S.vacancy.applyTitle),
    line(bold(v.position), ` · ${v.company}`),
    [],
    line(v.apply),
    [],
    ...contactLines(v.contact),
    line(`⏳ ${S.vacancy.deadline(formatDate(v.deadline))}`),
    [],
    marked(S.vacancy.applyFree),
  ];
  return result("lowongan", state, [
    rich("lowongan", lines, [
      { label: S.buttons.askVacancy, action: jobActions.vacancyAsk(v.id) },
      { label: S.buttons.backToDetail, action: jobActions.vacancyDetail(v.id) },
      topicButton(content, "cv"),
      menuButton(),
    ]),
  ]);
}

export function askAbout(kind: "vacancy" | "training", id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): Result {
  const item = kind === "vacancy" ? findVacancy(ctx, id) : findTraining(ctx, id);
  if (!item) return gone(kind === "vacancy" ? "v" : "l", state, content, ctx);
  const title = "position" in item ? `${item.position} – ${item.company}` : `${item.program} – ${item.provider}`;
  return { ask: { kind, slug: item.slug, title, topic: kind === "vacancy" ? "lowongan" : "pelatihan" } };
}

// ── Training ─────────────────────────────────────────────────────────────────


export function trainingDetail(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const t = findTraining(ctx, id);
  if (!t) return gone("l", state, content, ctx);
  const lines: Line[] = [
    line("🎓 ", bold(t.program)),
    line(t.provider),
    line(`🛠 ${t.field}`),
    line(`📍 Kec. ${t.place.kecamatan}, ${t.place.kabupaten}`),
    line(`🗓 ${S.training.period(formatDate(t.startDate), formatDate(t.endDate))}${t.schedule ? ` · ${t.schedule}` : ""}`),
    line(`🎓 Minimal ${t.education} · ${S.vacancy.quota(t.quota)}`),
    line(`💰 ${t.cost === 0 ? S.training.free : S.training.cost(formatRupiah(t.cost))}`),
    ...(t.certificate ? [line(`📜 ${t.certificate}`)] : []),
    ...(t.disabilityFriendly ? [marked(S.vacancy.disabilityFriendly)] : []),
    line(`⏳ ${S.training.deadline(formatDate(t.deadline))}`),
    ...detailFooter(t),
  ];
  return result("pelatihan", state, [
    rich("pelatihan", lines, [
      { label: S.buttons.register, action: jobActions.trainingRegister(t.id) },
      { label: S.buttons.askTraining, action: jobActions.trainingAsk(t.id) },
      backButton("l", state.browse),
      menuButton(),
    ]),
  ]);
}

export function trainingRegister(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const t = findTraining(ctx, id);
  if (!t) return gone("l", state, content, ctx);
  const lines: Line[] = [
    marked(S.training.registerTitle),
    line(bold(t.program), ` · ${t.provider}`),
    [],
    line(t.register),
    [],
    ...contactLines(t.contact),
    line(`⏳ ${S.training.deadline(formatDate(t.deadline))}`),
    [],
    marked(S.training.registerSafe),
  ];
  return result("pelatihan", state, [
    rich("pelatihan", lines, [
      { label: S.buttons.askTraining, action: jobActions.trainingAsk(t.id) },
      { label: S.buttons.backToDetail, action: jobActions.trainingDetail(t.id) },
      menuButton(),
    ]),
  ]);
}
