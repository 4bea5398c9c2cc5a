/**
 * The seeker profile (UU 27/2022): consent first, then a short form; view, edit, delete, and weekly alerts on or off.
 * The notice asks whether the seeker is 18 or older as part of the consent, before anything is stored. Consent is
 * stored before any answer (the profileConsent effect creates the row, with the age answer); a seeker under 18 gets
 * a row only once a parent or guardian confirmed their consent in chat (Art. 25), otherwise the guides without a
 * profile. Each answer is saved as it comes.
 */
import type { ContentBundle } from "../../content/types.ts";
import { matchVacancies } from "../../listings/match.ts";
import { findPlace, officeDate, parseEducation } from "../../listings/search.ts";
import { EDUCATION_RANK, EQUIVALENCY_LEVELS, WORK_TYPES, type Listings, type Profile, type SeekerEducation, type WorkType } from "../../listings/types.ts";
import { actions, menuButton, topicButton } from "../buttons.ts";
import { formatDate, shortLabel } from "../html.ts";
import { spansText } from "../body.ts";
import { blocksOf, blocksText, bold, italic, line, marked, markedLines, richBody, type Line } from "../rich.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import type { AgeGroup, Button, ConversationState, Effect, InboundEvent, ProfilePatch, ProfileStep, Reply, StoredProfile } from "../types.ts";
import type { FlowResult } from "./handoff.ts";
import { jobActions, NEEDS_LISTINGS, type JobContext, type JobResult } from "./jobs.ts";

/** The version of the consent notice the seeker agreed to, stored with the consent. */
export const CONSENT_VERSION = "profil-v2";

/** Button actions of the profile (short: Telegram callback_data ≤ 64 bytes). */
export const profileActions = {
  view: "pf",
  start: "pf:start",
  edit: "pf:edit",
  /** the button of the first notice (profil-v1), which did not ask the age: shows the notice again */
  agreeUnaged: "pf:ok",
  /** agree, and 18 or older */
  agree: "pf:a18",
  /** under 18: what the guardian's consent needs; stores nothing */
  minor: "pf:u18",
  /** a parent or guardian confirms their consent for a seeker under 18 */
  guardianAgree: "pf:g:ok",
  /** under 18 without a guardian's consent: the guides without a profile */
  withoutProfile: "pf:g:no",
  /** the consent notice again (for a parent or guardian to read) */
  notice: "pf:n",
  decline: "pf:no",
  education: (level: string) => `pf:e:${level}`,
  skip: "pf:skip",
  place: (code: string) => `pf:pl:${code}`,
  work: (type: string) => `pf:w:${type}`,
  disabilityYes: "pf:dy",
  disabilityNo: "pf:dn",
  disabilityKind: (i: number) => `pf:d:${i}`,
  alertsYes: "pf:ay",
  alertsNo: "pf:an",
  delete: "pf:del",
  deleteYes: "pf:del:y",
  deleteNo: "pf:del:n",
  alertsOn: "al:on",
  alertsOff: "al:off",
} as const;

const STEPS: ProfileStep[] = ["p-education", "p-major", "p-skills", "p-place", "p-work", "p-disability-consent", "p-disability", "p-alerts"];

/** A rich reply from lines, or from one template of the strings module (its **bold** and *italic* read). */
function rich(body: Line[] | string, buttons: Button[]): Reply {
  return { topic: "profil", body: richBody(typeof body === "string" ? markedLines(body) : body), buttons };
}

/** The profile's title as a plain button label. */
const titleLabel = () => spansText(marked(S.profile.title));

function done(state: ConversationState, replies: Reply[], effects: Effect[] = []): FlowResult {
  return { topic: "profil", replies, state: { ...state, lastTopic: "profil" }, effects };
}

/** True when the event belongs to the profile flow (its buttons, or an answer to its question). */
function isProfileEvent(event: InboundEvent, state: ConversationState): boolean {
  if (event.type === "action") return event.action === "pf" || event.action.startsWith("pf:") || event.action.startsWith("al:");
  return event.type === "text" && typeof state.awaiting === "string" && state.awaiting.startsWith("p-");
}

/** Profile buttons and answers; undefined = not the flow's business. */
export function continueProfile(event: InboundEvent, state: ConversationState, content: ContentBundle, ctx: JobContext): JobResult {
  if (!isProfileEvent(event, state)) return undefined;
  const stored = ctx.profile;
  const action = event.type === "action" ? event.action : undefined;
  const base = { ...state, awaiting: undefined };
  switch (action) {
    case profileActions.view:
    case profileActions.start:
      return enterProfile(base, content, ctx, action === profileActions.start);
    case profileActions.edit:
      return stored ? askStep("p-education", base, ctx) : consent(base, content, ctx);
    case profileActions.agreeUnaged:
      return stored ? askStep("p-education", base, ctx) : consent(base, content, ctx);
    case profileActions.agree:
      if (stored?.ageGroup) return askStep("p-education", base, ctx);
      if (stored) return recordAge(base, content, ctx, stored, "adult");
      return withEffects(askStep("p-education", base, ctx), [consentEffect("adult")]);
    case profileActions.minor:
      if (stored?.ageGroup) return enterProfile(base, content, ctx);
      return done(base, [guardianNeeded()]);
    case profileActions.guardianAgree:
      if (stored?.ageGroup) return enterProfile(base, content, ctx);
      if (stored) return recordAge(base, content, ctx, stored, "minor");
      return withEffects(askStep("p-education", base, ctx, markedLines(S.profile.guardianRecorded)), [consentEffect("minor")]);
    case profileActions.withoutProfile:
      return done(base, [withoutProfile(content, ctx)]);
    case profileActions.notice:
      return consent(base, content, ctx);
    case profileActions.decline:
      return done(base, [rich(S.profile.declined, [{ label: S.buttons.all, action: jobActions.vacancyPage(1) }, menuButton()])]);
    case profileActions.delete:
      return done(base, [rich(S.profile.confirmDelete, [{ label: S.profile.deleteYes, action: profileActions.deleteYes }, { label: S.profile.deleteNo, action: profileActions.deleteNo }])]);
    case profileActions.deleteYes:
      return done(base, [rich(S.profile.deleted, [menuButton()])], stored ? [{ type: "profileDelete" }] : []);
    case profileActions.deleteNo:
      return done(base, [rich(S.profile.notDeleted, [{ label: titleLabel(), action: profileActions.view }, menuButton()])]);
    case profileActions.alertsOn:
      if (!stored) return done(base, [rich(S.profile.alertsNeedProfile, [{ label: S.buttons.fillProfile, action: profileActions.start }, menuButton()])]);
      return done(base, [rich(S.profile.alertsTurnedOn, [{ label: S.profile.alertsOff, action: profileActions.alertsOff }, menuButton()])], [{ type: "alerts", on: true }]);
    case profileActions.alertsOff:
      return done(base, [rich(S.profile.alertsTurnedOff, [{ label: S.profile.alertsOn, action: profileActions.alertsOn }, menuButton()])], stored ? [{ type: "alerts", on: false }] : []);
  }
  // The form: only after consent, and only for the step being asked.
  if (!stored) return consent(base, content, ctx);
  const step = state.awaiting?.startsWith("p-") ? (state.awaiting as ProfileStep) : undefined;
  if (!step) return enterProfile(base, content, ctx, false);
  return answer(step, event, base, ctx);
}

/** /profil, the menu button or a question about profiles: the profile, or the consent notice when there is none. */
export function enterProfile(state: ConversationState, content: ContentBundle, ctx: JobContext, startForm = false): JobResult {
  const base = { ...state, awaiting: undefined };
  if (!ctx.profile) return consent(base, content, ctx);
  if (startForm) return askStep("p-education", base, ctx);
  // The place is stored as its official code; its name comes from the listings' places.
  if (ctx.profile.profile.placeCode && !ctx.listings) return NEEDS_LISTINGS;
  return done(base, [view(ctx)]);
}

/** The consent with the age answer; a minor's only with the guardian's confirmation (the flow offers no other way). */
function consentEffect(ageGroup: AgeGroup): Effect {
  return { type: "profileConsent", version: CONSENT_VERSION, ageGroup, ...(ageGroup === "minor" ? { guardian: true } : {}) };
}

/** A profile made before the age question (profil-v1): record the answer with the current notice, then show the profile. */
function recordAge(state: ConversationState, content: ContentBundle, ctx: JobContext, stored: StoredProfile, ageGroup: AgeGroup): JobResult {
  const updated: StoredProfile = { ...stored, ageGroup, ...(ageGroup === "minor" && ctx.now !== undefined ? { guardianConsentedAt: ctx.now } : {}) };
  const shown = enterProfile(state, content, { ...ctx, profile: updated });
  if (!shown || shown === NEEDS_LISTINGS || "ask" in shown) return shown;
  const [first, ...rest] = shown.replies;
  const note = ageGroup === "minor" ? S.profile.guardianRecorded : S.profile.ageRecorded;
  let replies = shown.replies;
  if (first?.body.kind === "rich") {
    const blocks = [...blocksOf(markedLines(note)), ...first.body.blocks];
    replies = [{ ...first, body: { kind: "rich", blocks, text: blocksText(blocks) } }, ...rest];
  }
  return { ...shown, replies, effects: [consentEffect(ageGroup), ...shown.effects] };
}

/** Under 18: nothing is stored until a parent or guardian confirms; or the guides without a profile. */
function guardianNeeded(): Reply {
  return rich(S.profile.guardianNeeded, [
    { label: S.profile.guardianAgree, action: profileActions.guardianAgree },
    { label: S.profile.rereadNotice, action: profileActions.notice },
    { label: S.profile.withoutProfile, action: profileActions.withoutProfile },
    menuButton(),
  ]);
}

function withoutProfile(content: ContentBundle, ctx: JobContext): Reply {
  const text = ctx.profile ? `${S.profile.withoutProfileText}\n\n${S.profile.withoutProfileStored}` : S.profile.withoutProfileText;
  return rich(text, [
    { label: S.buttons.all, action: jobActions.vacancyPage(1) },
    { label: S.buttons.allTraining, action: jobActions.trainingPage(1) },
    ...(content.topics.cv ? [topicButton(content, "cv")] : []),
    ...(content.topics.wawancara ? [topicButton(content, "wawancara")] : []),
    ...(content.topics.konselor ? [topicButton(content, "konselor")] : []),
    ...(ctx.profile ? [{ label: S.profile.delete, action: profileActions.delete }] : []),
    menuButton(),
  ]);
}

function consent(state: ConversationState, content: ContentBundle, ctx: JobContext): FlowResult {
  const notice = markedLines(S.profile.consent(ctx.retentionDays ?? 365), { office: content.office.nama_singkat ?? "kantor Disnaker" });
  return done(state, [
    rich(notice, [
      { label: S.profile.agree, action: profileActions.agree },
      { label: S.profile.minor, action: profileActions.minor },
      { label: S.profile.decline, action: profileActions.decline },
      { label: S.profile.about, action: jobActions.guide("profil") },
      topicButton(content, "privasi"),
      menuButton(),
    ]),
  ]);
}

function placeLabel(listings: Listings | undefined, code: string | undefined): string | undefined {
  if (!code) return undefined;
  const exact = listings?.places.find((p) => p.code === code);
  if (exact) return `${exact.kecamatan}, ${exact.kabupaten}`;
  return listings?.places.find((p) => p.code.startsWith(`${code}.`))?.kabupaten ?? code;
}

/** The seeker's profile as they see it, with the buttons to change it. */
function view(ctx: JobContext): Reply {
  const stored = ctx.profile!;
  const p = stored.profile;
  const f = S.profile.fields;
  const value = (v: string | undefined) => v || S.profile.empty;
  const age =
    stored.ageGroup === "adult"
      ? S.profile.ageAdult
      : stored.ageGroup === "minor"
        ? S.profile.ageMinor(formatDate(officeDate(stored.guardianConsentedAt ?? stored.consentedAt, ctx.clock)))
        : S.profile.ageUnknown;
  const lines: Line[] = [
    marked(S.profile.title),
    line(`• ${f.age}: ${age}`),
    line(`• ${f.education}: ${value(p.education ? educationLabel(p.education) : undefined)}`),
    line(`• ${f.major}: ${value(p.major)}`),
    line(`• ${f.skills}: ${value(p.skills.join(", "))}`),
    line(`• ${f.place}: ${value(placeLabel(ctx.listings, p.placeCode))}`),
    line(`• ${f.workType}: ${value(p.workType ? S.workTypes[p.workType] : undefined)}`),
    ...(stored.disabilityConsented ? [line(`• ${f.disability}: ${value(p.disability)}`)] : []),
    line(`• ${f.alerts}: ${stored.alertsOn ? S.profile.alertsOnLabel : S.profile.alertsOffLabel}`),
    [],
    line(italic(S.profile.consentedOn(formatDate(officeDate(stored.consentedAt, ctx.clock))))),
  ];
  return rich(lines, [
    // A profile made before the age question: ask it here (profil-v1 notices only told minors to ask their parents).
    ...(stored.ageGroup ? [] : [{ label: S.profile.agree, action: profileActions.agree }, { label: S.profile.minor, action: profileActions.minor }]),
    { label: S.profile.matchesVacancy, action: jobActions.vacancyMatch },
    { label: S.profile.matchesTraining, action: jobActions.trainingMatch },
    { label: S.profile.edit, action: profileActions.edit },
    stored.alertsOn ? { label: S.profile.alertsOff, action: profileActions.alertsOff } : { label: S.profile.alertsOn, action: profileActions.alertsOn },
    { label: S.profile.delete, action: profileActions.delete },
    menuButton(),
  ]);
}

function skipButton(current: string | undefined): Button {
  return { label: current ? shortLabel(S.profile.keep(current), 30) : S.profile.skip, action: profileActions.skip };
}

/** Ask one step of the form; the listings are needed only for the place question. */
function askStep(step: ProfileStep, state: ConversationState, ctx: JobContext, prefix?: Line[]): JobResult {
  const p = ctx.profile?.profile;
  const next = { ...state, awaiting: step };
  const say = (question: string, buttons: Button[]) => done(next, [rich([...(prefix ? [...prefix, []] : []), ...markedLines(question)], buttons)]);
  switch (step) {
    case "p-education":
      return say(S.profile.askEducation, [
        ...S.education.map((level) => ({ label: educationLabel(level), action: profileActions.education(level) })),
        skipButton(p?.education ? educationLabel(p.education) : undefined),
      ]);
    case "p-major":
      return say(S.profile.askMajor, [skipButton(p?.major)]);
    case "p-skills":
      return say(S.profile.askSkills, [skipButton(p?.skills.length ? p.skills.join(", ") : undefined)]);
    case "p-place": {
      if (!ctx.listings) return NEEDS_LISTINGS;
      const regencies = [...new Map(ctx.listings.places.map((pl) => [pl.code.split(".").slice(0, 2).join("."), pl.kabupaten])).entries()];
      return say(S.profile.askPlace, [...regencies.map(([code, name]) => ({ label: name, action: profileActions.place(code) })), skipButton(placeLabel(ctx.listings, p?.placeCode))]);
    }
    case "p-work":
      return say(S.profile.askWork, [
        ...WORK_TYPES.map((w) => ({ label: S.workTypes[w], action: profileActions.work(w) })),
        { label: S.profile.anyWork, action: profileActions.work("any") },
        skipButton(p?.workType ? S.workTypes[p.workType] : undefined),
      ]);
    case "p-disability-consent":
      if (ctx.profile?.disabilityConsented) return askStep("p-disability", state, ctx, prefix);
      return say(S.profile.askDisabilityConsent, [
        { label: S.profile.disabilityAgree, action: profileActions.disabilityYes },
        { label: S.profile.skip, action: profileActions.disabilityNo },
      ]);
    case "p-disability":
      return say(S.profile.askDisability, [...S.disabilityKinds.map((k, i) => ({ label: k, action: profileActions.disabilityKind(i) })), skipButton(p?.disability)]);
    case "p-alerts":
      return say(S.profile.askAlerts, [
        { label: S.profile.alertsYes, action: profileActions.alertsYes },
        { label: S.profile.alertsNo, action: profileActions.alertsNo },
      ]);
  }
}

/** "SMA/MA", "SMK/MAK", …: the label of a level where the short code alone is too narrow. */
export function educationLabel(level: SeekerEducation): string {
  return S.educationLabels[level] ?? level;
}

/** A profile's education from a button or typed text: Paket A/B/C as such (matched like SD/SMP/SMA), otherwise a formal level. */
export function parseSeekerEducation(text: string): SeekerEducation | undefined {
  const paket = /\bpaket[\s-]*([abc])\b/i.exec(text);
  if (paket) return EQUIVALENCY_LEVELS.find((l) => l.endsWith(paket[1]!.toUpperCase()));
  return parseEducation(text);
}

function splitSkills(text: string): string[] {
  return [...new Set(text.split(/[,;\n/]|\bdan\b/i).map((s) => s.trim().toLowerCase().replace(/\s+/g, " ").slice(0, 40)).filter((s) => s.length > 1))].slice(0, 10);
}

/** The step after `step`, skipping the major for levels that have none. */
function nextStep(step: ProfileStep, patch: ProfilePatch, ctx: JobContext): ProfileStep | undefined {
  let i = STEPS.indexOf(step) + 1;
  const education = patch.education ?? ctx.profile?.profile.education;
  if (STEPS[i] === "p-major" && education && EDUCATION_RANK[education] <= EDUCATION_RANK.SMP) i++;
  return STEPS[i];
}

function answer(step: ProfileStep, event: InboundEvent, state: ConversationState, ctx: JobContext): JobResult {
  const action = event.type === "action" ? event.action : undefined;
  const text = event.type === "text" ? event.text.trim() : undefined;
  const effects: Effect[] = [];
  let patch: ProfilePatch = {};
  let next: ProfileStep | undefined;
  const skip = action === profileActions.skip;
  switch (step) {
    case "p-education": {
      const level = action?.startsWith("pf:e:") ? parseSeekerEducation(action.slice(5)) : text ? parseSeekerEducation(text) : undefined;
      if (!level && !skip) return askStep(step, state, ctx, markedLines(S.profile.educationUnknown));
      if (level) patch = { education: level };
      break;
    }
    case "p-major":
      if (text) patch = { major: text.slice(0, 80) };
      else if (!skip) return askStep(step, state, ctx);
      break;
    case "p-skills":
      if (text) patch = { skills: splitSkills(text) };
      else if (!skip) return askStep(step, state, ctx);
      break;
    case "p-place": {
      if (!ctx.listings) return NEEDS_LISTINGS;
      // A button's code is checked against the official list like a typed name: a forged one asks again.
      const code = action?.startsWith("pf:pl:") ? officialPlaceCode(ctx.listings.places, action.slice(6)) : text ? findPlace(ctx.listings.places, text)?.code : undefined;
      if (!code && !skip) return askStep(step, state, ctx, text ? [line(S.profile.placeUnknown(text.slice(0, 40)))] : undefined);
      if (code) patch = { placeCode: code };
      break;
    }
    case "p-work": {
      const value = action?.startsWith("pf:w:") ? action.slice(5) : undefined;
      const typed = text ? WORK_TYPES.find((w) => S.workTypes[w].toLowerCase() === text.toLowerCase() || w === text.toLowerCase()) : undefined;
      if ((WORK_TYPES as readonly string[]).includes(value ?? "")) patch = { workType: value as WorkType };
      else if (typed) patch = { workType: typed };
      else if (!skip && value !== "any") return askStep(step, state, ctx);
      break;
    }
    case "p-disability-consent":
      if (action === profileActions.disabilityYes) {
        effects.push({ type: "disabilityConsent" });
        next = "p-disability";
      } else if (action === profileActions.disabilityNo || skip) next = "p-alerts";
      else return askStep(step, state, ctx);
      break;
    case "p-disability": {
      const kind = action?.startsWith("pf:d:") ? S.disabilityKinds[Number(action.slice(5))] : text?.slice(0, 80);
      if (kind) patch = { disability: kind };
      else if (!skip) return askStep(step, state, ctx);
      break;
    }
    case "p-alerts":
      if (action === profileActions.alertsYes) effects.push({ type: "alerts", on: true });
      else if (action === profileActions.alertsNo) effects.push({ type: "alerts", on: false });
      else return askStep(step, state, ctx);
      return finish(state, ctx, effects, action === profileActions.alertsYes);
  }
  if (Object.keys(patch).length > 0) effects.unshift({ type: "profileUpdate", patch });
  const following = next ?? nextStep(step, patch, ctx);
  if (!following) return finish(state, ctx, effects);
  const asked = askStep(following, state, { ...ctx, ...(ctx.profile ? { profile: { ...ctx.profile, profile: { ...ctx.profile.profile, ...patch } } } : {}) });
  return withEffects(asked, effects);
}

/** Put `effects` before the result's own (a question asked after saving an answer). */
function withEffects(result: JobResult, effects: Effect[]): JobResult {
  if (!result || result === NEEDS_LISTINGS || "ask" in result) return result;
  return { ...result, effects: [...effects, ...result.effects] };
}

/** The form is complete: the profile and the best matches with their reasons. */
function finish(state: ConversationState, ctx: JobContext, effects: Effect[], alertsOn?: boolean): JobResult {
  if (!ctx.listings) return NEEDS_LISTINGS;
  const stored = ctx.profile!;
  const profile: Profile = { ...stored.profile, alerts: alertsOn ?? stored.alertsOn };
  const matches = matchVacancies(profile, ctx.listings, ctx.today, { limit: 3 });
  const base = { ...state, awaiting: undefined };
  const lines: Line[] = [marked(matches.length > 0 ? S.profile.saved : S.profile.savedNoMatch)];
  for (const m of matches) {
    lines.push([], line("• ", bold(m.item.position), ` — ${m.item.company}`), line(`  ✨ ${S.vacancy.reasons}: ${m.reasons.join(", ")}`));
  }
  if (alertsOn) lines.push([], marked(S.profile.alertsTurnedOn));
  const buttons: Button[] = [
    ...matches.map((m) => ({ label: shortLabel(`💼 ${m.item.position} – ${m.item.place.kecamatan}`), action: jobActions.vacancyDetail(m.item.id) })),
    { label: S.profile.matchesVacancy, action: jobActions.vacancyMatch },
    { label: S.profile.matchesTraining, action: jobActions.trainingMatch },
    { label: titleLabel(), action: profileActions.view },
    menuButton(),
  ];
  return done(base, [rich(lines, buttons)], effects);
}

/** The code when it names a kecamatan or a kabupaten/kota of the listings' official places; undefined otherwise. */
export function officialPlaceCode(places: ReadonlyArray<{ code: string }>, code: string): string | undefined {
  if (!/^\d{2}\.\d{2}(\.\d{2})?$/.test(code)) return undefined;
  return places.some((p) => p.code === code || p.code.startsWith(`${code}.`)) ? code : undefined;
}
