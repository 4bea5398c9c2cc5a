/**
 * Verified vacancies and training in chat: lists with paging and filters, search, details, how to apply,
 * a counsellor about one listing, matches for the seeker's profile, and the vacancy scam check.
 */
import type { ContentBundle } from "../../content/types.ts";
import { parseListingQuery } from "../../listings/search.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import { isTopicId, type TopicId } from "../topics.ts";
import type { ConversationState, InboundEvent } from "../types.ts";
import { type JobContext, NEEDS_LISTINGS, jobActions, type Result, isJobAction, inPlace, ask, guide, backButton, keptFilters, queryParts } from "./jobs-common.ts";
import { listPage } from "./jobs-list.ts";
import { listFilter, vacancyDetail, vacancyApply, askAbout, trainingDetail, trainingRegister } from "./jobs-detail.ts";
import { startScamCheck, scamCheck } from "./jobs-scam.ts";

// The job flows' public names, where the engine, the profile flow and the alerts import them.
export { ACTION_LABELS, isJobAction, jobActionLabel, jobActions, MIN_SCAM_TEXT, NEEDS_LISTINGS, PAGE_SIZE, type AskAbout, type JobContext, type JobResult } from "./jobs-common.ts";
export { freeTextScamCheck } from "./jobs-scam.ts";

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
