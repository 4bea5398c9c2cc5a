/** The job flows' lists: vacancies or training, matched to the profile or searched, with paging and filters. */
import type { ContentBundle } from "../../content/types.ts";
import { matchTrainings, matchVacancies } from "../../listings/match.ts";
import { paginate, searchTrainings, searchVacancies, type ListingQuery } from "../../listings/search.ts";
import { type Listings, type Match, type Profile, type Training, type Vacancy } from "../../listings/types.ts";
import { menuButton, topicButton } from "../buttons.ts";
import { formatDate, formatRupiah, shortLabel } from "../html.ts";
import { bold, italic, line, marked, markedLines, type Line } from "../rich.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import { type TopicId } from "../topics.ts";
import type { Browse, Button, ConversationState } from "../types.ts";
import type { FlowResult } from "./handoff.ts";
import { PAGE_SIZE, type JobContext, jobActions, result, rich, placeName, needProfile } from "./jobs-common.ts";

// ── Lists ────────────────────────────────────────────────────────────────────

/** What differs between the vacancy list and the training list; the page itself is built once, by listPage. */
export interface ListSpec<T extends Vacancy | Training> {
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

export const VACANCIES: ListSpec<Vacancy> = {
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

export const TRAININGS: ListSpec<Training> = {
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
export function listPage(state: ConversationState, content: ContentBundle, ctx: JobContext, browse: Browse): FlowResult {
  return browse.kind === "v" ? renderList(VACANCIES, state, content, ctx, browse) : renderList(TRAININGS, state, content, ctx, browse);
}

export function renderList<T extends Vacancy | Training>(spec: ListSpec<T>, state: ConversationState, content: ContentBundle, ctx: JobContext, browse: Browse): FlowResult {
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
