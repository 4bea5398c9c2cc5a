/** The vacancy scam check in chat: a pasted offer, or a recruitment the seeker describes in free text. */
import type { ContentBundle } from "../../content/types.ts";
import { type Listings } from "../../listings/types.ts";
import { dedupeButtons, menuButton, topicButton } from "../buttons.ts";
import { shortLabel } from "../html.ts";
import { blocksOf, blocksText, bold, italic, line, marked, markedLines, type Line } from "../rich.ts";
import { checkVacancyText, prepareScamRules, scamFlag, type VerifiedRef } from "../scam.ts";
import { describedScam } from "../scam-intent.ts";
import { jobStrings as S } from "../strings-jobs.ts";
import type { Button, ConversationState, InboundEvent, Reply } from "../types.ts";
import type { FlowResult } from "./handoff.ts";
import { MIN_SCAM_TEXT, type JobContext, NEEDS_LISTINGS, jobActions, type Result, result, rich } from "./jobs-common.ts";

// ── Scam check ───────────────────────────────────────────────────────────────

export function startScamCheck(state: ConversationState, _content: ContentBundle): FlowResult {
  return result("cek-lowongan", { ...state, awaiting: "scam-check" }, [
    rich("cek-lowongan", S.scam.ask, [{ label: S.buttons.scamGuide, action: jobActions.guide("cek-lowongan") }, { label: S.buttons.cancel, action: "menu" }]),
  ]);
}

export const refsCache = new WeakMap<Listings, { today: string; refs: VerifiedRef[] }>();

/** The open verified vacancies as the scam check compares them. */
export function verifiedRefs(listings: Listings, today: string): VerifiedRef[] {
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
export function scamCheck(text: string, state: ConversationState, content: ContentBundle, ctx: JobContext, described = false): Result {
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
