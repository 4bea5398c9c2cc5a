/**
 * Verified vacancies and training in chat: lists with paging and filters, search, details, how to apply,
 * a counsellor about one listing, matches for the seeker's profile, and the vacancy scam check.
 */
import type { ContentBundle } from "../../content/types.ts";
import { matchTrainings, matchVacancies } from "../../listings/match.ts";
import { paginate, parseListingQuery, searchTrainings, searchVacancies, trainingById, vacancyById, type ListingQuery } from "../../listings/search.ts";
import { EDUCATION_LEVELS, type Education, type Listings, type Match, type Profile, type Training, type Vacancy } from "../../listings/types.ts";
import { dedupeButtons, menuButton, topicButton } from "../buttons.ts";
import type { OfficeClock } from "../clock.ts";
import { formatDate, formatRupiah, shortLabel } from "../html.ts";
import { blocksOf, blocksText, bold, italic, line, link, marked, markedLines, richBody, type Line } from "../rich.ts";
import { checkVacancyText, prepareScamRules, scamFlag, type VerifiedRef } from "../scam.ts";
import { describedScam } from "../scam-intent.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import { isTopicId, type TopicId } from "../topics.ts";
import type { Browse, Button, ConversationState, Effect, InboundEvent, Reply, StoredProfile } from "../types.ts";
import type { FlowResult } from "./handoff.ts";

/** Items per list page. */
export const PAGE_SIZE = 5;
/** Shortest text worth a scam check. */
export const MIN_SCAM_TEXT = 40;

/** What the job flows need besides the event and the state. */
export interface JobContext {
  /** loaded only when a flow needs them (one more KV read on a cold isolate) */
  listings?: Listings;
  profile?: StoredProfile;
  /** the office's local date, YYYY-MM-DD */
  today: string;
  /** the office clock (dates shown to the seeker) */
  clock: OfficeClock;
  /** the time of the inbound message (epoch ms), when the caller has it */
  now?: number;
  retentionDays?: number;
}

/** The flow needs the listings blob: the caller loads it and asks again. */
export const NEEDS_LISTINGS = "needs-listings" as const;

/** Button actions (Telegram callback_data ≤ 64 bytes: ids are 6 characters). */
export const jobActions = {
  vacancyPage: (page: number) => `vl:${page}`,
  vacancyDetail: (id: string) => `vd:${id}`,
  vacancyApply: (id: string) => `va:${id}`,
  vacancyAsk: (id: string) => `vk:${id}`,
  vacancySearch: "vs",
  vacancyPlace: "vf:l",
  vacancyPlaceSet: (code: string) => `vf:l:${code}`,
  vacancyEducation: "vf:e",
  vacancyEducationSet: (level: Education) => `vf:e:${level}`,
  vacancyClear: "vf:x",
  vacancyMatch: "vm",
  trainingPage: (page: number) => `ll:${page}`,
  trainingDetail: (id: string) => `ld:${id}`,
  trainingRegister: (id: string) => `la:${id}`,
  trainingAsk: (id: string) => `lk:${id}`,
  trainingSearch: "ls",
  trainingPlace: "lf:l",
  trainingPlaceSet: (code: string) => `lf:l:${code}`,
  trainingEducation: "lf:e",
  trainingEducationSet: (level: Education) => `lf:e:${level}`,
  trainingClear: "lf:x",
  trainingMatch: "lm",
  scamCheck: "sc",
  guide: (topic: TopicId) => `g:${topic}`,
} as const;

/** "Ask a counsellor about this listing": the engine opens a case with the listing attached. */
export interface AskAbout {
  ask: { kind: "vacancy" | "training"; slug: string; title: string; topic: TopicId };
}

/** A decision, a request for the listings, a handoff about a listing, or not the flow's business. */
export type JobResult = FlowResult | typeof NEEDS_LISTINGS | AskAbout | undefined;
type Result = JobResult;

const JOB_ACTION = /^(vl|vd|va|vk|vs|vf|vm|ll|ld|la|lk|ls|lf|lm|sc|g)(:|$)/;

/** True for a button action this flow owns. */
export function isJobAction(action: string): boolean {
  return JOB_ACTION.test(action);
}

export const ACTION_LABELS: Record<string, string> = {
  vl: "daftar lowongan, halaman", vd: "detail lowongan", va: "cara melamar", vk: "tanya konselor tentang lowongan",
  vs: "cari lowongan", vf: "filter lowongan", vm: "lowongan cocok untukku", ll: "daftar pelatihan, halaman",
  ld: "detail pelatihan", la: "cara daftar pelatihan", lk: "tanya konselor tentang pelatihan", ls: "cari pelatihan", lf: "filter pelatihan",
  lm: "pelatihan cocok untukku", sc: "cek teks lowongan", g: "panduan", pf: "profil", al: "info mingguan",
};

/** A readable log line for a job button press ("[detail lowongan k3x9a1]"); undefined for other actions. */
export function jobActionLabel(action: string): string | undefined {
  const [name, ...rest] = action.split(":");
  const label = Object.hasOwn(ACTION_LABELS, name ?? "") ? ACTION_LABELS[name!] : undefined;
  return label ? `[${[label, ...rest].join(" ")}]` : undefined;
}

/** Buttons and awaited free text of the job flows; undefined = not theirs. */
export function continueJobs(event: InboundEvent, state: ConversationState, content: ContentBundle, ctx: JobContext): Result {
  if (event.type === "text" && state.awaiting && ["vacancy-search", "training-search", "scam-check"].includes(state.awaiting)) {
    const rest = { ...state, awaiting: undefined };
    if (state.awaiting === "scam-check") return scamCheck(event.text, rest, content, ctx);
    if (!ctx.listings) return NEEDS_LISTINGS;
    // A search from a filtered list keeps its place and education filters unless the words name their own;
    // the list then says which filters apply (and offers to clear them).
    const kind = state.awaiting === "vacancy-search" ? "v" : "l";
    const q = parseListingQuery(ctx.listings.places, event.text);
    return listPage(rest, content, ctx, { kind, ...keptFilters(state.browse, kind), ...queryParts(q), ...(q.text || q.placeCode || q.education ? {} : { text: event.text }), page: 1 });
  }
  if (event.type !== "action" || !isJobAction(event.action)) return undefined;
  const [name, arg, arg2] = event.action.split(":") as [string, string | undefined, string | undefined];
  const base = { ...state, awaiting: undefined };
  // The guide id comes from the button: only a real topic, never an inherited key like "__proto__".
  if (name === "g") return guide(isTopicId(arg) ? arg : "unknown", base, content);
  if (name === "sc") return startScamCheck(base, content);
  if (!ctx.listings) return NEEDS_LISTINGS;
  const browse = base.browse;
  switch (name) {
    case "vl":
      return inPlace(listPage(base, content, ctx, { ...(browse?.kind === "v" ? browse : { kind: "v" }), page: Number(arg) || 1 }));
    case "vd":
      return vacancyDetail(arg ?? "", base, content, ctx);
    case "va":
      return vacancyApply(arg ?? "", base, content, ctx);
    case "vk":
      return askAbout("vacancy", arg ?? "", base, content, ctx);
    case "vs":
      return ask(base, "vacancy-search", "lowongan", S.vacancy.askSearch, [backButton("v", browse)]);
    case "vf":
      return listFilter("v", arg, arg2, base, content, ctx);
    case "lf":
      return listFilter("l", arg, arg2, base, content, ctx);
    case "vm":
      return listPage(base, content, ctx, { kind: "v", match: true, page: 1 });
    case "ll":
      return inPlace(listPage(base, content, ctx, { ...(browse?.kind === "l" ? browse : { kind: "l" }), page: Number(arg) || 1 }));
    case "ld":
      return trainingDetail(arg ?? "", base, content, ctx);
    case "la":
      return trainingRegister(arg ?? "", base, content, ctx);
    case "lk":
      return askAbout("training", arg ?? "", base, content, ctx);
    case "ls":
      return ask(base, "training-search", "pelatihan", S.training.askSearch, [backButton("l", browse)]);
    case "lm":
      return listPage(base, content, ctx, { kind: "l", match: true, page: 1 });
  }
  return undefined;
}

/** A job topic reached by a command, the menu, a deep link or free text. */
export function enterJobTopic(topic: TopicId, event: InboundEvent, state: ConversationState, content: ContentBundle, ctx: JobContext): Result {
  const base = { ...state, awaiting: undefined };
  if (topic === "cek-lowongan") {
    // The command with the text to check (Discord's `/cek-lowongan teks:...`) checks it at once.
    if (event.type === "command" && event.payload.trim()) return scamCheck(event.payload, base, content, ctx);
    // Typing "cek lowongan" or choosing the service starts a check; a question about scams gets the guide.
    const wantsCheck = event.type !== "text" || /\bcek\s*(lowongan|loker|lowker|lowongan kerja)\b/i.test(event.text) || event.text.trim().split(/\s+/).length <= 3;
    if (wantsCheck) return startScamCheck(base, content);
    return guide("cek-lowongan", base, content, [{ label: S.buttons.scamCheck, action: jobActions.scamCheck }]);
  }
  if (topic !== "lowongan" && topic !== "pelatihan") return undefined;
  if (!ctx.listings) return NEEDS_LISTINGS;
  if (topic === "lowongan") {
    const q = event.type === "text" ? parseListingQuery(ctx.listings.places, event.text) : {};
    return listPage(base, content, ctx, { kind: "v", ...queryParts(q), page: 1 });
  }
  const q = event.type === "text" ? parseListingQuery(ctx.listings.places, event.text) : {};
  return listPage(base, content, ctx, { kind: "l", ...queryParts(q), page: 1 });
}

/** The place and education filters of the list the seeker is browsing (of this kind, not the profile matches). */
function keptFilters(browse: Browse | undefined, kind: "v" | "l"): Partial<Browse> {
  if (!browse || browse.kind !== kind || browse.match) return {};
  return { ...(browse.placeCode ? { placeCode: browse.placeCode } : {}), ...(browse.education ? { education: browse.education } : {}) };
}

/** Paging: the new page may replace the message whose button was pressed (channels that can edit do so). */
function inPlace(r: FlowResult): FlowResult {
  return { ...r, replies: r.replies.map((reply, i) => (i === 0 ? { ...reply, inPlace: true } : reply)) };
}

function queryParts(q: ListingQuery): Partial<Browse> {
  return {
    ...(q.text ? { text: q.text } : {}),
    ...(q.placeCode ? { placeCode: q.placeCode } : {}),
    ...(q.education ? { education: q.education } : {}),
  };
}

function result(topic: TopicId, state: ConversationState, replies: Reply[], effects: Effect[] = []): FlowResult {
  return { topic, replies, state: { ...state, lastTopic: topic }, effects };
}

/** A rich reply from lines, or from one template of the strings module (its **bold** and *italic* read). */
function rich(topic: TopicId, body: Line[] | string, buttons: Button[]): Reply {
  return { topic, body: richBody(typeof body === "string" ? markedLines(body) : body), buttons: dedupeButtons(buttons) };
}

function ask(state: ConversationState, awaiting: ConversationState["awaiting"], topic: TopicId, body: Line[] | string, buttons: Button[]): FlowResult {
  return result(topic, { ...state, awaiting }, [rich(topic, body, [...buttons, menuButton()])]);
}

function guide(topic: TopicId, state: ConversationState, content: ContentBundle, extra: Button[] = []): FlowResult {
  const t = Object.hasOwn(content.topics, topic) ? content.topics[topic] : undefined;
  if (!t) return result("menu", state, [rich("menu", [line(topic)], [menuButton()])]);
  const related = t.related.map((r) => topicButton(content, r));
  return result(topic, state, [{ topic, body: { kind: "guide", topic }, buttons: dedupeButtons([...extra, ...related, menuButton()]) }]);
}

function backButton(kind: "v" | "l", browse: Browse | undefined): Button {
  const page = browse?.kind === kind ? browse.page : 1;
  return { label: S.buttons.backToList, action: kind === "v" ? jobActions.vacancyPage(page) : jobActions.trainingPage(page) };
}

function placeName(listings: Listings, code: string): string {
  const exact = listings.places.find((p) => p.code === code);
  if (exact) return exact.kecamatan;
  return listings.places.find((p) => p.code.startsWith(`${code}.`))?.kabupaten ?? code;
}

// ── Lists ────────────────────────────────────────────────────────────────────

/** What differs between the vacancy list and the training list; the page itself is built once, by listPage. */
interface ListSpec<T extends Vacancy | Training> {
  topic: TopicId;
  /** the open items for the browse state: matches for the profile, or search results */
  items(profile: Profile, listings: Listings, today: string): Array<Match<T>>;
  search(listings: Listings, q: ListingQuery, today: string): T[];
  text: { list: string; match: string; pageOf(page: number, pages: number, total: number): string; none: string; noneOpen: string; noMatches: string };
  actions: { page(n: number): string; detail(id: string): string; search: string; place: string; education: string; clear: string; match: string };
  /** "all" label when a match list is shown, and the guide button */
  all: string;
  guide: Button;
  /** extra buttons when a match list is empty */
  noMatchButtons: Button[];
  /** the lines of one item under its number and bold title */
  lines(item: T): Line[];
  title(item: T): string;
  label(item: T, n: number): string;
}

const VACANCIES: ListSpec<Vacancy> = {
  topic: "lowongan",
  items: (profile, listings, today) => matchVacancies(profile, listings, today),
  search: searchVacancies,
  text: {
    list: S.vacancy.listTitle, match: S.vacancy.matchTitle, pageOf: S.vacancy.pageOf,
    none: S.vacancy.none, noneOpen: S.vacancy.noneOpen, noMatches: S.vacancy.noMatches,
  },
  actions: {
    page: (n) => jobActions.vacancyPage(n), detail: (id) => jobActions.vacancyDetail(id), search: jobActions.vacancySearch,
    place: jobActions.vacancyPlace, education: jobActions.vacancyEducation, clear: jobActions.vacancyClear, match: jobActions.vacancyMatch,
  },
  all: S.buttons.all,
  guide: { label: S.buttons.tips, action: jobActions.guide("lowongan") },
  noMatchButtons: [{ label: S.profile.edit, action: "pf:edit" }],
  title: (v) => v.position,
  lines: (v) => [line(v.company), line(`📍 ${v.place.kecamatan} · 🎓 min. ${v.education} · ⏳ ${formatDate(v.deadline)}`)],
  label: (v, n) => {
    // The position is shortened, never the place: seekers choose by where the job is.
    const room = Math.max(12, 40 - [...`${n}. `].length - [...` – ${v.place.kecamatan}`].length);
    return `${n}. ${shortLabel(v.position, room)} – ${v.place.kecamatan}`;
  },
};

const TRAININGS: ListSpec<Training> = {
  topic: "pelatihan",
  items: (profile, listings, today) => matchTrainings(profile, listings, today),
  search: searchTrainings,
  text: {
    list: S.training.listTitle, match: S.training.matchTitle, pageOf: S.training.pageOf,
    none: S.training.none, noneOpen: S.training.noneOpen, noMatches: S.training.noMatches,
  },
  actions: {
    page: (n) => jobActions.trainingPage(n), detail: (id) => jobActions.trainingDetail(id), search: jobActions.trainingSearch,
    place: jobActions.trainingPlace, education: jobActions.trainingEducation, clear: jobActions.trainingClear, match: jobActions.trainingMatch,
  },
  all: S.buttons.allTraining,
  guide: { label: S.buttons.trainingInfo, action: jobActions.guide("pelatihan") },
  noMatchButtons: [],
  title: (t) => t.program,
  lines: (t) => [
    line(t.provider),
    line(`📍 ${t.place.kecamatan} · 🗓 ${formatDate(t.startDate)} · ${t.cost === 0 ? S.training.free : formatRupiah(t.cost)} · ⏳ ${formatDate(t.deadline)}`),
  ],
  label: (t, n) => shortLabel(`${n}. ${t.program}`),
};

/** One page of the list being browsed (vacancies or training): items, filters, paging and its buttons. */
function listPage(state: ConversationState, content: ContentBundle, ctx: JobContext, browse: Browse): FlowResult {
  return browse.kind === "v" ? renderList(VACANCIES, state, content, ctx, browse) : renderList(TRAININGS, state, content, ctx, browse);
}

function renderList<T extends Vacancy | Training>(spec: ListSpec<T>, state: ConversationState, content: ContentBundle, ctx: JobContext, browse: Browse): FlowResult {
  const listings = ctx.listings!;
  let items: Array<T | Match<T>>;
  if (browse.match) {
    if (!ctx.profile) return needProfile(state, spec.topic);
    items = spec.items(ctx.profile.profile, listings, ctx.today);
  } else {
    const q: ListingQuery = {
      ...(browse.text ? { text: browse.text } : {}),
      ...(browse.placeCode ? { placeCode: browse.placeCode } : {}),
      ...(browse.education ? { education: browse.education } : {}),
    };
    items = spec.search(listings, q, ctx.today);
  }
  const page = paginate(items, browse.page, PAGE_SIZE);
  const next: Browse = { ...browse, page: page.page };
  const filtered = Boolean(browse.text || browse.placeCode || browse.education);
  const listButtons: Button[] = [
    { label: S.buttons.search, action: spec.actions.search },
    { label: S.buttons.place, action: spec.actions.place },
    { label: S.buttons.education, action: spec.actions.education },
    ...(filtered || browse.match ? [{ label: filtered ? S.buttons.clear : spec.all, action: spec.actions.clear }] : []),
    ...(browse.match ? [] : [{ label: S.buttons.match, action: spec.actions.match }]),
    spec.guide,
    menuButton(),
  ];
  const filters = [
    browse.text ? `🔎 “${browse.text}”` : "",
    browse.placeCode ? `📍 ${placeName(listings, browse.placeCode)}` : "",
    browse.education ? `🎓 ${browse.education}` : "",
  ].filter(Boolean);
  const filterLine = filters.length > 0 ? [line(`${S.vacancy.filters}: ${filters.join(" · ")}`)] : [];
  if (page.total === 0) {
    const text = browse.match ? spec.text.noMatches : filtered ? spec.text.none : spec.text.noneOpen;
    const extra = browse.match ? spec.noMatchButtons : [];
    // an empty result still says which filters made it empty
    const body = filterLine.length > 0 ? [...markedLines(text), [], ...filterLine] : text;
    return result(spec.topic, { ...state, browse: next }, [rich(spec.topic, body, [...extra, ...listButtons, topicButton(content, "konselor")])]);
  }
  const lines: Line[] = [marked(browse.match ? spec.text.match : spec.text.list), line(italic(spec.text.pageOf(page.page, page.pages, page.total))), ...filterLine];
  const itemButtons: Button[] = [];
  page.items.forEach((entry, i) => {
    const item = "item" in entry ? entry.item : entry;
    const n = (page.page - 1) * PAGE_SIZE + i + 1;
    lines.push([], line(`${n}. `, bold(spec.title(item))), ...spec.lines(item));
    if ("reasons" in entry && entry.reasons.length > 0) lines.push(line(`✨ ${S.vacancy.reasons}: ${entry.reasons.join(", ")}`));
    itemButtons.push({ label: spec.label(item, n), action: spec.actions.detail(item.id) });
  });
  lines.push([], marked(S.vacancy.pickNumber));
  const nav: Button[] = [
    ...(page.page > 1 ? [{ label: S.buttons.prev, action: spec.actions.page(page.page - 1) }] : []),
    ...(page.page < page.pages ? [{ label: S.buttons.next, action: spec.actions.page(page.page + 1) }] : []),
  ];
  return result(spec.topic, { ...state, browse: next }, [rich(spec.topic, lines, [...itemButtons, ...nav, ...listButtons])]);
}

// ── Vacancies ────────────────────────────────────────────────────────────────


/** The location and education filters of a list (v: vacancies, l: training): choices, a choice, or clearing. */
function listFilter(kind: "v" | "l", what: string | undefined, value: string | undefined, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
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

function findVacancy(ctx: JobContext, id: string): Vacancy | undefined {
  const v = vacancyById(ctx.listings!, id);
  return v && v.deadline >= ctx.today ? v : undefined;
}

function findTraining(ctx: JobContext, id: string): Training | undefined {
  const t = trainingById(ctx.listings!, id);
  return t && t.deadline >= ctx.today ? t : undefined;
}

function gone(kind: "v" | "l", state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const list = listPage(state, content, ctx, { kind, page: 1 });
  const topic = kind === "v" ? "lowongan" : "pelatihan";
  return { ...list, replies: [rich(topic, kind === "v" ? S.vacancy.gone : S.training.gone, []), ...list.replies] };
}

function salary(v: Vacancy): string | undefined {
  if (v.salaryMin && v.salaryMax && v.salaryMax !== v.salaryMin) return `${formatRupiah(v.salaryMin)}–${formatRupiah(v.salaryMax)} ${S.vacancy.perMonth}`;
  const one = v.salaryMin ?? v.salaryMax;
  return one ? `${formatRupiah(one)} ${S.vacancy.perMonth}` : undefined;
}

/** The end of a detail view: requirements, description, who verified it and when, and the demo-data note. */
function detailFooter(item: Vacancy | Training): Line[] {
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
function vacancyDetailLines(v: Vacancy): Line[] {
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

function vacancyDetail(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
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

function contactLines(c: Vacancy["contact"]): Line[] {
  return [
    ...(c.email ? [line("📧 ", link(c.email, `mailto:${c.email}`))] : []),
    ...(c.website ? [line("🌐 ", link(c.website, c.website))] : []),
    ...(c.phone ? [line(`☎️ ${c.phone}`)] : []),
    ...(c.address ? [line(`🏢 ${c.address}`)] : []),
  ];
}

function vacancyApply(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
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

function askAbout(kind: "vacancy" | "training", id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): Result {
  const item = kind === "vacancy" ? findVacancy(ctx, id) : findTraining(ctx, id);
  if (!item) return gone(kind === "vacancy" ? "v" : "l", state, content, ctx);
  const title = "position" in item ? `${item.position} – ${item.company}` : `${item.program} – ${item.provider}`;
  return { ask: { kind, slug: item.slug, title, topic: kind === "vacancy" ? "lowongan" : "pelatihan" } };
}

// ── Training ─────────────────────────────────────────────────────────────────


function trainingDetail(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
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

function trainingRegister(id: string, state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
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

function needProfile(state: ConversationState, topic: TopicId): FlowResult {
  return result(topic, state, [rich(topic, S.vacancy.needProfile, [{ label: S.buttons.fillProfile, action: "pf:start" }, menuButton()])]);
}

// ── Scam check ───────────────────────────────────────────────────────────────

function startScamCheck(state: ConversationState, _content: ContentBundle): FlowResult {
  return result("cek-lowongan", { ...state, awaiting: "scam-check" }, [
    rich("cek-lowongan", S.scam.ask, [{ label: S.buttons.scamGuide, action: jobActions.guide("cek-lowongan") }, { label: S.buttons.cancel, action: "menu" }]),
  ]);
}

const refsCache = new WeakMap<Listings, { today: string; refs: VerifiedRef[] }>();

/** The open verified vacancies as the scam check compares them. */
function verifiedRefs(listings: Listings, today: string): VerifiedRef[] {
  const cached = refsCache.get(listings);
  if (cached && cached.today === today) return cached.refs;
  const refs = listings.vacancies
    .filter((v) => v.deadline >= today)
    .map((v) => ({ slug: v.slug, company: v.company, position: v.position, ...(v.contact.email ? { email: v.contact.email } : {}), ...(v.contact.website ? { website: v.contact.website } : {}) }));
  refsCache.set(listings, { today, refs });
  return refs;
}

/**
 * A free-text message (outside the scam-check flow) that describes a recruitment with red flags gets the scam
 * check of that text directly: the same reply, `scamCheck` field and logged effect as the flow.
 */
export function freeTextScamCheck(event: InboundEvent, state: ConversationState, content: ContentBundle, ctx: JobContext): Result {
  if (event.type !== "text" || !content.scam) return undefined;
  if (!describedScam(event.text, prepareScamRules(content.scam))) return undefined;
  return scamCheck(event.text, state, content, ctx, true);
}

/** The scam check of a text; `described` when the seeker told it in free text (a short story is enough). */
function scamCheck(text: string, state: ConversationState, content: ContentBundle, ctx: JobContext, described = false): Result {
  if (!described && text.trim().length < MIN_SCAM_TEXT) {
    return result("cek-lowongan", { ...state, awaiting: "scam-check" }, [rich("cek-lowongan", S.scam.tooShort, [{ label: S.buttons.cancel, action: "menu" }])]);
  }
  // the rules come with the content (content/penipuan/); a bundle without them cannot check anything
  if (!content.scam) return result("cek-lowongan", state, [rich("cek-lowongan", S.scam.unavailable, [topicButton(content, "konselor"), menuButton()])]);
  if (!ctx.listings) return NEEDS_LISTINGS;
  const rules = prepareScamRules(content.scam);
  const check = checkVacancyText(text, verifiedRefs(ctx.listings, ctx.today), rules);
  const match = check.match ? ctx.listings.vacancies.find((v) => v.slug === check.match) : undefined;
  const lines: Line[] = [];
  if (check.verdict === "verified" && match) {
    lines.push(...markedLines(S.scam.verified, { position: match.position, company: match.company }));
  } else if (check.verdict === "suspicious") {
    lines.push(marked(S.scam.suspicious(check.flags.length)), []);
    for (const f of check.flags) {
      const t = scamFlag(rules, f.id);
      lines.push(line("• ", bold(t?.title ?? f.id), ` ${S.scam.evidence(f.evidence)}`));
      if (t) lines.push(line(`  ${t.explain}`));
    }
    if (match) lines.push([], ...markedLines(S.scam.impersonation, { position: match.position, company: match.company }));
  } else {
    lines.push(...markedLines(S.scam.unverified));
  }
  // the report advice (content/penipuan/_lapor.md) is already blocks: it goes between the lines' blocks
  const report = check.verdict !== "verified" ? content.scam.report : [];
  const after: Line[] = [];
  if (check.verdict !== "verified") {
    // advice of the raised flags (work abroad: KemenP2MI/BP2MI...), each text once
    const extra = [...new Set(check.flags.map((f) => scamFlag(rules, f.id)?.report).filter((r): r is string => !!r))];
    for (const r of extra) after.push(line(`• ${r}`));
  }
  after.push([], line(italic(S.scam.notSure)));
  const buttons: Button[] = [
    ...(match ? [{ label: shortLabel(`💼 ${match.position} (resmi)`), action: jobActions.vacancyDetail(match.id) }] : []),
    topicButton(content, "konselor"),
    { label: S.buttons.scamAgain, action: jobActions.scamCheck },
    { label: S.buttons.scamGuide, action: jobActions.guide("cek-lowongan") },
    menuButton(),
  ];
  const blocks = [...blocksOf(lines), ...report, ...blocksOf(after)];
  const reply: Reply = {
    topic: "cek-lowongan",
    body: { kind: "rich", blocks, text: blocksText(blocks) },
    buttons: dedupeButtons(buttons),
    scamCheck: { verdict: check.verdict, flags: check.flags.map((f) => f.id) },
  };
  return result("cek-lowongan", state, [reply], [
    { type: "scamCheck", verdict: check.verdict, flags: check.flags.map((f) => f.id), ...(check.match ? { vacancySlug: check.match } : {}) },
  ]);
}
