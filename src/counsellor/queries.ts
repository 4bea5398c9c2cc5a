/**
 * D1 queries of the dashboard. Lists read O(page) rows: each view walks an index of `cases` by keyset
 * (created_at, id) or by id, and per row does index lookups only (last message, assignee).
 */
import { and, asc, desc, eq, gte, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client.ts";
import { attachments, caseNotes, cases, conversations, counsellors, messages, profiles, scamChecks, seekers } from "../db/schema.ts";
import { SEEKER_EDUCATION, WORK_TYPES, type Profile, type SeekerEducation, type WorkType } from "../listings/types.ts";
import { idFloor } from "./stats.ts";
import { readableText } from "../db/action-text.ts";

/** The inbox tabs. */
export const INBOX_VIEWS = ["waiting", "mine", "all", "closed"] as const;
/** One inbox tab. */
export type InboxView = (typeof INBOX_VIEWS)[number];
/** Rows per inbox page. */
export const INBOX_PAGE = 50;
/** Messages per transcript page. */
export const TRANSCRIPT_PAGE = 200;
/** Messages one search request looks through (newest first); "search older" continues below. */
export const SEARCH_WINDOW = 20_000;
/** Longest note, reply or label list accepted. */
export const MAX_NOTE = 4000;

/** A position in an inbox list. */
export interface Cursor {
  createdAt: number;
  id: number;
}

/** What the intake asked before the seeker was queued. */
export interface Intake {
  need?: string;
  education?: string;
  kecamatan?: string;
}

/** One inbox row. */
export interface InboxRow {
  id: number;
  status: "waiting" | "open" | "closed" | "left";
  channel: string;
  topic: string | null;
  intake: Intake;
  labels: string[];
  assignedTo: number | null;
  assignedName: string | null;
  outcome: string | null;
  rating: number | null;
  createdAt: number;
  lastSeekerAt: number;
  claimedAt: number | null;
  firstReplyAt: number | null;
  closedAt: number | null;
  /** the newest message of the conversation by the seeker or a counsellor, cut to 200 characters */
  lastText: string | null;
  lastSender: string | null;
  /** the vacancy or training the seeker asked a counsellor about ("tanya konselor tentang lowongan ini") */
  listing: CaseListing | null;
}

/** A listing a case is about (cases.listing). */
export interface CaseListing {
  kind: "vacancy" | "training";
  slug: string;
  title: string;
}

/** Filters of one inbox request. */
export interface InboxQuery {
  view: InboxView;
  /** the signed-in counsellor (for "mine") */
  counsellorId: number;
  channel?: string;
  topic?: string;
  cursor?: Cursor;
  limit?: number;
}

const inboxColumns = {
  id: cases.id,
  status: cases.status,
  channel: cases.channel,
  topic: cases.topic,
  intake: cases.intake,
  labels: cases.labels,
  assignedTo: cases.assignedTo,
  assignedName: counsellors.name,
  outcome: cases.outcome,
  rating: cases.rating,
  createdAt: cases.createdAt,
  lastSeekerAt: cases.lastSeekerAt,
  claimedAt: cases.claimedAt,
  firstReplyAt: cases.firstReplyAt,
  closedAt: cases.closedAt,
  listing: cases.listing,
  // The newest message by a person (seeker or counsellor), walking messages_conversation_idx backwards
  // past the few bot replies in between.
  last: sql<string | null>`(select json_array(m.sender, substr(m.text, 1, 200)) from ${messages} m where m.conversation_id = ${cases.conversationId} and m.sender != 'bot' order by m.id desc limit 1)`,
};

/** An inbox row as D1 returns it: intake and labels still JSON, the last message as a JSON pair. */
type RawInboxRow = Omit<InboxRow, "intake" | "labels" | "lastText" | "lastSender" | "listing"> & {
  intake: string;
  labels: string;
  last: string | null;
  listing: string | null;
};

/** Whether a view lists oldest first. */
export function ascending(view: InboxView): boolean {
  return view === "waiting" || view === "mine";
}

/** The inbox statement of one page (exported for the benchmark's EXPLAIN QUERY PLAN). */
export function inboxStatement(db: Db, q: InboxQuery) {
  const limit = Math.min(q.limit ?? INBOX_PAGE, 200);
  const where: SQL[] = [];
  if (q.view === "waiting") where.push(eq(cases.status, "waiting"));
  if (q.view === "mine") where.push(eq(cases.assignedTo, q.counsellorId), eq(cases.status, "open"));
  if (q.view === "closed") where.push(eq(cases.status, "closed"));
  if (q.channel) where.push(eq(cases.channel, q.channel));
  if (q.topic) where.push(eq(cases.topic, q.topic));
  const c = q.cursor;
  let order: SQL[];
  if (q.view === "all") {
    // Case ids grow with created_at: the rowid order is the newest-first order, no index needed.
    if (c) where.push(sql`${cases.id} < ${c.id}`);
    order = [desc(cases.id)];
  } else if (ascending(q.view)) {
    if (c) where.push(sql`(${cases.createdAt}, ${cases.id}) > (${c.createdAt}, ${c.id})`);
    order = [asc(cases.createdAt), asc(cases.id)];
  } else {
    if (c) where.push(sql`(${cases.createdAt}, ${cases.id}) < (${c.createdAt}, ${c.id})`);
    order = [desc(cases.createdAt), desc(cases.id)];
  }
  return db
    .select(inboxColumns)
    .from(cases)
    .leftJoin(counsellors, eq(counsellors.id, cases.assignedTo))
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1);
}

/** One inbox page, the cursor of the next if any, and the tab counts, in one D1 round trip. */
export async function listInbox(db: Db, q: InboxQuery): Promise<{ rows: InboxRow[]; next?: Cursor; counts: { waiting: number; mine: number } }> {
  const limit = Math.min(q.limit ?? INBOX_PAGE, 200);
  const [raw, w, m] = await db.batch([inboxStatement(db, q), ...countStatements(db, q.counsellorId)]);
  const counts = { waiting: w[0]?.n ?? 0, mine: m[0]?.n ?? 0 };
  const rows = (raw as RawInboxRow[]).slice(0, limit).map(toInboxRow);
  const last = rows.at(-1);
  return raw.length > limit && last ? { rows, next: { createdAt: last.createdAt, id: last.id }, counts } : { rows, counts };
}

/** Waiting cases, and open cases of this counsellor (the tab badges; index-only counts). */
export async function inboxCounts(db: Db, counsellorId: number): Promise<{ waiting: number; mine: number }> {
  const [w, m] = await db.batch(countStatements(db, counsellorId));
  return { waiting: w[0]?.n ?? 0, mine: m[0]?.n ?? 0 };
}

/** Tab badges count at most this many (shown as "100+"), so they read O(1) rows however long the queue. */
export const COUNT_CAP = 100;

function countStatements(db: Db, counsellorId: number) {
  const capped = (where: SQL | undefined) => db.select({ n: sql<number>`count(*)` }).from(db.select({ one: sql`1` }).from(cases).where(where).limit(COUNT_CAP + 1).as("capped"));
  return [capped(eq(cases.status, "waiting")), capped(and(eq(cases.assignedTo, counsellorId), eq(cases.status, "open")))] as const;
}

function toInboxRow(r: RawInboxRow): InboxRow {
  const last = parseJson<unknown[]>(r.last, []);
  return {
    id: r.id,
    status: r.status,
    channel: r.channel,
    topic: r.topic,
    intake: parseIntake(r.intake),
    labels: parseLabels(r.labels),
    assignedTo: r.assignedTo,
    assignedName: r.assignedName,
    outcome: r.outcome,
    rating: r.rating,
    createdAt: r.createdAt,
    lastSeekerAt: r.lastSeekerAt,
    claimedAt: r.claimedAt,
    firstReplyAt: r.firstReplyAt,
    closedAt: r.closedAt,
    lastSender: typeof last[0] === "string" ? last[0] : null,
    lastText: typeof last[1] === "string" ? last[1] : null,
    listing: parseListing(r.listing),
  };
}

/** cases.listing, or null when absent or malformed. */
export function parseListing(raw: string | null | undefined): CaseListing | null {
  const v = parseJson<Record<string, unknown>>(raw, {});
  if ((v.kind !== "vacancy" && v.kind !== "training") || typeof v.slug !== "string" || !v.slug) return null;
  return { kind: v.kind, slug: v.slug, title: typeof v.title === "string" && v.title.trim() ? v.title : v.slug };
}

/** The result of a text search: matching cases, newest hit first, and where to continue. */
export interface SearchResult {
  rows: InboxRow[];
  /** search older messages below this id; absent when the oldest message was reached */
  before?: number;
  /** how many messages this request looked through */
  scanned: number;
}

/**
 * Cases whose conversation has a message containing `text` (case-insensitive for ASCII), looking through
 * at most SEARCH_WINDOW messages below `before` (newest first), so one request reads a bounded number of rows.
 */
export async function searchCases(db: Db, text: string, opts: { before?: number; window?: number } = {}): Promise<SearchResult> {
  const window = opts.window ?? SEARCH_WINDOW;
  const before = opts.before ?? Number.MAX_SAFE_INTEGER;
  const [row] = await db.all<{ floor: number | null; scanned: number; hits: string | null }>(searchStatement(text, before, window));
  const scanned = row?.scanned ?? 0;
  const floor = row?.floor ?? null;
  const more = scanned >= window && floor !== null && floor > 1;
  // Newest hit first, one entry per conversation, at most a page.
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const [conversationId] of parseJson<Array<[string, number]>>(row?.hits, []).sort((a, b) => b[1] - a[1])) {
    if (seen.has(conversationId)) continue;
    seen.add(conversationId);
    ids.push(conversationId);
    if (ids.length >= INBOX_PAGE) break;
  }
  if (ids.length === 0) return { rows: [], scanned, ...(more ? { before: floor! } : {}) };
  // The newest case of each matching conversation (cases_conversation_idx).
  const raw = (await db
    .select({ ...inboxColumns, conversationId: cases.conversationId })
    .from(cases)
    .leftJoin(counsellors, eq(counsellors.id, cases.assignedTo))
    .where(and(inArray(cases.conversationId, ids), sql`${cases.id} = (select max(c2.id) from ${cases} c2 where c2.conversation_id = ${cases.conversationId})`))) as Array<RawInboxRow & { conversationId: string }>;
  const rank = new Map(ids.map((id, i) => [id, i]));
  const rows = raw.sort((a, b) => rank.get(a.conversationId)! - rank.get(b.conversationId)!).map(toInboxRow);
  return { rows, scanned, ...(more ? { before: floor! } : {}) };
}

/** The search statement: one pass over a window of messages below `before`; the hits come back as JSON. */
export function searchStatement(text: string, before: number, window: number): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`
    select min(id) as floor, count(*) as scanned,
      json_group_array(json_array(conversation_id, id)) filter (where text like ${pattern} escape '\\') as hits
    from (select id, conversation_id, text from ${messages} where id < ${before} order by id desc limit ${window})`;
}

/** One message of a transcript. */
export interface TranscriptMessage {
  id: number;
  direction: "in" | "out";
  sender: "seeker" | "bot" | "counsellor";
  kind: string;
  text: string | null;
  topic: string | null;
  status: string;
  error: string | null;
  caseId: number | null;
  counsellorName: string | null;
  createdAt: number;
  /** the files that came with this message (name, type, size; downloaded through /admin/files/:id) */
  files?: TranscriptFile[];
}

/** A file in a transcript. */
export interface TranscriptFile {
  id: number;
  messageId: number | null;
  name: string;
  type: string;
  size: number;
}

/** Everything the conversation view shows. */
export interface CaseDetail {
  case: InboxRow & { conversationId: string };
  seeker: {
    channel: string;
    firstSeenAt: number | null;
    lastSeenAt: number | null;
    lastTopic: string | null;
    conversationStartedAt: number | null;
    /** when a counsellor blocked the seeker, if they did */
    blockedAt: number | null;
  };
  /** oldest first; the newest TRANSCRIPT_PAGE messages below `before` */
  transcript: TranscriptMessage[];
  /** id to pass as `before` for older messages, when there are any */
  olderBefore?: number;
  /** other cases of the same conversation, newest first */
  otherCases: Array<{ id: number; status: string; topic: string | null; outcome: string | null; createdAt: number; closedAt: number | null }>;
  notes: Array<{ id: number; text: string; counsellorName: string; createdAt: number }>;
  /** active counsellors, for "assign to" */
  counsellors: Array<{ id: number; name: string }>;
  /** the seeker's matching profile, when they consented to one */
  profile: SeekerProfile | null;
}

/** A seeker's profile as counsellors see it; `disability` only when its separate consent was given. */
export interface SeekerProfile extends Omit<Profile, "alerts"> {
  consentedAt: number;
  disabilityConsentedAt: number | null;
  /** weekly alerts: when the next is due (null = off or unreachable) */
  alertDueAt: number | null;
  /** the seeker blocked the bot: alerts stopped */
  unreachableAt: number | null;
}

/** The statements of the conversation view (exported for the benchmark's EXPLAIN QUERY PLAN). */
export function caseDetailStatements(db: Db, caseId: number, opts: { before?: number } = {}) {
  const conversationOf = sql`(select ${cases.conversationId} from ${cases} where ${cases.id} = ${caseId})`;
  return [
    db
      .select({
        ...inboxColumns,
        conversationId: cases.conversationId,
        // Unique result names: D1's raw() drops repeated column names (cases/conversations.created_at).
        firstSeenAt: seekers.firstSeenAt,
        lastSeenAt: seekers.lastSeenAt,
        blockedAt: seekers.blockedAt,
        // the topic of the conversation's last answered inbound message (conversations keep no copy)
        lastTopic: sql<string | null>`(select m.topic from ${messages} m where m.conversation_id = ${cases.conversationId} and m.direction = 'in' and m.topic is not null order by m.id desc limit 1)`.as(
          "last_topic",
        ),
        conversationStartedAt: sql<number | null>`${conversations.createdAt}`.as("conversation_started_at"),
      })
      .from(cases)
      .leftJoin(counsellors, eq(counsellors.id, cases.assignedTo))
      .leftJoin(conversations, eq(conversations.id, cases.conversationId))
      .leftJoin(seekers, eq(seekers.id, conversations.seekerId))
      .where(eq(cases.id, caseId)),
    db
      .select({
        id: messages.id,
        direction: messages.direction,
        sender: messages.sender,
        kind: messages.kind,
        text: readableText,
        topic: messages.topic,
        status: messages.status,
        error: messages.error,
        caseId: messages.caseId,
        counsellorName: counsellors.name,
        createdAt: messages.createdAt,
      })
      .from(messages)
      .leftJoin(counsellors, eq(counsellors.id, messages.counsellorId))
      .where(and(eq(messages.conversationId, conversationOf), opts.before ? sql`${messages.id} < ${opts.before}` : undefined))
      .orderBy(desc(messages.id))
      .limit(TRANSCRIPT_PAGE + 1),
    db
      .select({ id: cases.id, status: cases.status, topic: cases.topic, outcome: cases.outcome, createdAt: cases.createdAt, closedAt: cases.closedAt })
      .from(cases)
      .where(and(eq(cases.conversationId, conversationOf), ne(cases.id, caseId)))
      .orderBy(desc(cases.id))
      .limit(20),
    db
      .select({ id: caseNotes.id, text: caseNotes.text, counsellorName: counsellors.name, createdAt: caseNotes.createdAt })
      .from(caseNotes)
      .innerJoin(counsellors, eq(counsellors.id, caseNotes.counsellorId))
      .where(eq(caseNotes.caseId, caseId))
      .orderBy(asc(caseNotes.id))
      .limit(200),
    db.select({ id: counsellors.id, name: counsellors.name }).from(counsellors).where(isNull(counsellors.disabledAt)).orderBy(asc(counsellors.name)).limit(500),
    // Primary-key lookups only: case → conversation → seeker → profile.
    db
      .select({
        data: profiles.data,
        consentedAt: profiles.consentedAt,
        disabilityConsentedAt: profiles.disabilityConsentedAt,
        alertDueAt: profiles.alertDueAt,
        unreachableAt: profiles.unreachableAt,
      })
      .from(profiles)
      .where(eq(profiles.seekerId, sql`(select ${conversations.seekerId} from ${conversations} where ${conversations.id} = ${conversationOf})`))
      .limit(1),
    // The conversation's files, shown with the messages they came with.
    db
      .select({ id: attachments.id, messageId: attachments.messageId, name: attachments.name, type: attachments.type, size: attachments.size })
      .from(attachments)
      .where(eq(attachments.conversationId, conversationOf))
      .orderBy(asc(attachments.id))
      .limit(500),
  ] as const;
}

/** The conversation view of one case in one D1 round trip, or undefined when the case does not exist. */
export async function caseDetail(db: Db, caseId: number, opts: { before?: number } = {}): Promise<CaseDetail | undefined> {
  const [caseRows, transcriptRows, otherRows, noteRows, staffRows, profileRows, fileRows] = await db.batch(caseDetailStatements(db, caseId, opts));
  const row = caseRows[0] as (RawInboxRow & { conversationId: string; firstSeenAt: number | null; lastSeenAt: number | null; lastTopic: string | null; conversationStartedAt: number | null; blockedAt: number | null }) | undefined;
  if (!row) return undefined;
  const older = transcriptRows.length > TRANSCRIPT_PAGE;
  const transcript = (transcriptRows.slice(0, TRANSCRIPT_PAGE).reverse() as TranscriptMessage[]).map((m) => {
    const files = fileRows.filter((f) => f.messageId === m.id);
    return files.length > 0 ? { ...m, files } : m;
  });
  return {
    case: { ...toInboxRow(row), conversationId: row.conversationId },
    seeker: {
      channel: row.channel,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
      blockedAt: row.blockedAt ?? null,
      lastTopic: row.lastTopic,
      conversationStartedAt: row.conversationStartedAt,
    },
    transcript,
    ...(older && transcript[0] ? { olderBefore: transcript[0].id } : {}),
    otherCases: otherRows,
    notes: noteRows,
    counsellors: staffRows,
    profile: profileRows[0] ? toSeekerProfile(profileRows[0]) : null,
  };
}

function toSeekerProfile(r: { data: string; consentedAt: number; disabilityConsentedAt: number | null; alertDueAt: number | null; unreachableAt: number | null }): SeekerProfile {
  const d = parseJson<Record<string, unknown>>(r.data, {});
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
  const education = (SEEKER_EDUCATION as readonly unknown[]).includes(d.education) ? (d.education as SeekerEducation) : undefined;
  const workType = (WORK_TYPES as readonly unknown[]).includes(d.workType) ? (d.workType as WorkType) : undefined;
  const major = text(d.major);
  const placeCode = text(d.placeCode);
  // Disability is specific personal data (UU 27/2022): it never leaves the query without its own consent.
  const disability = r.disabilityConsentedAt !== null ? text(d.disability) : undefined;
  return {
    ...(education ? { education } : {}),
    ...(major ? { major } : {}),
    skills: Array.isArray(d.skills) ? d.skills.filter((s): s is string => typeof s === "string" && s.trim() !== "") : [],
    ...(placeCode ? { placeCode } : {}),
    ...(workType ? { workType } : {}),
    ...(disability ? { disability } : {}),
    consentedAt: r.consentedAt,
    disabilityConsentedAt: r.disabilityConsentedAt,
    alertDueAt: r.alertDueAt,
    unreachableAt: r.unreachableAt,
  };
}

/** The fields a permission check needs. */
export async function caseState(db: Db, caseId: number): Promise<{ status: InboxRow["status"]; assignedTo: number | null } | undefined> {
  const [row] = await db.select({ status: cases.status, assignedTo: cases.assignedTo }).from(cases).where(eq(cases.id, caseId)).limit(1);
  return row;
}

/** Take a waiting case. */
export async function claimCase(db: Db, caseId: number, counsellorId: number, now: number): Promise<"claimed" | "already-claimed" | "not-active"> {
  const updated = await db
    .update(cases)
    .set({ status: "open", assignedTo: counsellorId, claimedAt: now })
    .where(and(eq(cases.id, caseId), eq(cases.status, "waiting")))
    .returning({ id: cases.id });
  if (updated.length > 0) return "claimed";
  const state = await caseState(db, caseId);
  return state?.status === "open" ? "already-claimed" : "not-active";
}

/** Hand an active case to an active counsellor (claims it when it was waiting). */
export async function assignCase(db: Db, caseId: number, toCounsellorId: number, now: number): Promise<"assigned" | "bad-counsellor" | "not-active"> {
  const [target] = await db
    .select({ id: counsellors.id })
    .from(counsellors)
    .where(and(eq(counsellors.id, toCounsellorId), isNull(counsellors.disabledAt)))
    .limit(1);
  if (!target) return "bad-counsellor";
  const updated = await db
    .update(cases)
    .set({ status: "open", assignedTo: toCounsellorId, claimedAt: sql`coalesce(${cases.claimedAt}, ${now})` })
    .where(and(eq(cases.id, caseId), inArray(cases.status, ["waiting", "open"])))
    .returning({ id: cases.id });
  return updated.length > 0 ? "assigned" : "not-active";
}

/** Replace a case's labels. */
/** Block or unblock the seeker of a case: their messages are still logged, the bot answers once and stays quiet. */
export async function setSeekerBlocked(db: Db, caseId: number, blocked: boolean, now: number): Promise<void> {
  await db
    .update(seekers)
    .set({ blockedAt: blocked ? now : null })
    .where(
      eq(
        seekers.id,
        sql`(select ${conversations.seekerId} from ${conversations} where ${conversations.id} = (select ${cases.conversationId} from ${cases} where ${cases.id} = ${caseId}))`,
      ),
    );
}

export async function setLabels(db: Db, caseId: number, labels: string[]): Promise<void> {
  await db.update(cases).set({ labels: JSON.stringify(labels) }).where(eq(cases.id, caseId));
}

/** Add an internal note. */
export async function addNote(db: Db, caseId: number, counsellorId: number, text: string, now: number): Promise<void> {
  await db.insert(caseNotes).values({ caseId, counsellorId, text, createdAt: now });
}

/** Labels typed as "a, b, c": trimmed, de-duplicated; undefined when any is invalid. */
export function parseLabelInput(input: string): string[] | undefined {
  const labels = [...new Set(input.split(",").map((l) => l.trim().replace(/\s+/g, " ")).filter((l) => l.length > 0))];
  if (labels.length > 10) return undefined;
  if (labels.some((l) => l.length > 30 || !/^[\p{L}\p{N} _-]+$/u.test(l))) return undefined;
  return labels;
}

/** Format a cursor for a URL. */
export function formatCursor(c: Cursor): string {
  return `${c.createdAt}.${c.id}`;
}

function parseIntake(raw: string): Intake {
  const value = parseJson<Record<string, unknown>>(raw, {});
  const out: Intake = {};
  for (const key of ["need", "education", "kecamatan"] as const) {
    const v = value[key];
    if (typeof v === "string" && v.trim()) out[key] = v;
  }
  return out;
}

function parseLabels(raw: string): string[] {
  const value = parseJson<unknown[]>(raw, []);
  return Array.isArray(value) ? value.filter((l): l is string => typeof l === "string") : [];
}

function parseJson<T>(raw: string | null | undefined, fallback: T): T {
  if (!raw) return fallback;
  try {
    const value = JSON.parse(raw) as unknown;
    return value !== null && typeof value === "object" ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

/** One case as the CSV export lists it. */
export interface ExportRow {
  id: number;
  createdAt: number;
  channel: string;
  topic: string | null;
  status: string;
  assignedName: string | null;
  labels: string[];
  intake: Intake;
  claimedAt: number | null;
  firstReplyAt: number | null;
  closedAt: number | null;
  outcome: string | null;
  rating: number | null;
}

/** Cases created in [from, to) with an id above `afterId`, oldest first (keyset by id; ids grow with created_at). */
export async function exportPage(db: Db, range: { from: number; to: number }, afterId: number, limit = 500): Promise<ExportRow[]> {
  const rows = await exportStatement(db, range, afterId, limit);
  return rows.map((r) => ({ ...r, labels: parseLabels(r.labels), intake: parseIntake(r.intake) }));
}

/** The statement of one export page (exported for the benchmark's EXPLAIN QUERY PLAN). */
export function exportStatement(db: Db, range: { from: number; to: number }, afterId: number, limit = 500) {
  return db
    .select({
      id: cases.id,
      createdAt: cases.createdAt,
      channel: cases.channel,
      topic: cases.topic,
      status: cases.status,
      assignedName: counsellors.name,
      labels: cases.labels,
      intake: cases.intake,
      claimedAt: cases.claimedAt,
      firstReplyAt: cases.firstReplyAt,
      closedAt: cases.closedAt,
      outcome: cases.outcome,
      rating: cases.rating,
    })
    .from(cases)
    .leftJoin(counsellors, eq(counsellors.id, cases.assignedTo))
    .where(
      and(
        // One lower bound, so SQLite seeks to it instead of scanning from the first case.
        sql`${cases.id} > max(${afterId}, ${idFloor("cases", range.from)} - 1)`,
        sql`${cases.id} < ${idFloor("cases", range.to)}`,
        sql`${cases.createdAt} >= ${range.from}`,
        sql`${cases.createdAt} < ${range.to}`,
      ),
    )
    .orderBy(asc(cases.id))
    .limit(limit);
}

/** Verdicts of the vacancy scam check. */
export const SCAM_VERDICTS = ["verified", "suspicious", "unverified"] as const;
/** One verdict. */
export type ScamVerdict = (typeof SCAM_VERDICTS)[number];
/** Scam checks per page. */
export const SCAM_PAGE = 50;
/** Characters of the checked text shown per check. */
export const SCAM_TEXT_CHARS = 300;

/** One scam check as counsellors review it. */
export interface ScamCheckRow {
  id: number;
  createdAt: number;
  channel: string;
  verdict: ScamVerdict;
  /** flag ids, e.g. "fee", "free-mail" */
  flags: string[];
  vacancySlug: string | null;
  /** the first SCAM_TEXT_CHARS characters of the checked message (null when it was erased) */
  text: string | null;
  /** the checked text is longer than `text` */
  cut: boolean;
  messageId: number;
  /** the newest case of the conversation, to open it in the case view */
  caseId: number | null;
}

/** The filters and position of one scam-check page. */
export interface ScamCheckQuery {
  verdict?: ScamVerdict;
  /** list checks older than this check (keyset on created_at, id) */
  before?: number;
  limit?: number;
}

/**
 * The statement of one scam-check page, newest first: it walks scam_checks_created_idx (with a verdict:
 * scam_checks_verdict_created_idx) backwards from the `before` check (one primary-key lookup for its time),
 * so a page reads O(page) rows (exported for EXPLAIN).
 */
export function scamChecksStatement(db: Db, q: ScamCheckQuery) {
  const limit = Math.min(q.limit ?? SCAM_PAGE, 200);
  const where: SQL[] = [];
  if (q.verdict) where.push(eq(scamChecks.verdict, q.verdict));
  if (q.before !== undefined) {
    const at = sql`(select s2.created_at from ${scamChecks} s2 where s2.id = ${q.before})`;
    // The first term bounds the index range; the second breaks ties between equal times by id.
    where.push(sql`${scamChecks.createdAt} <= ${at}`, sql`(${scamChecks.createdAt} < ${at} or ${scamChecks.id} < ${q.before})`);
  }
  return db
    .select({
      id: scamChecks.id,
      createdAt: scamChecks.createdAt,
      channel: scamChecks.channel,
      verdict: scamChecks.verdict,
      flags: scamChecks.flags,
      vacancySlug: scamChecks.vacancySlug,
      messageId: scamChecks.messageId,
      text: sql<string | null>`substr(${messages.text}, 1, ${SCAM_TEXT_CHARS + 1})`.as("checked_text"),
      // cases_conversation_idx: the few cases of one conversation
      caseId: sql<number | null>`(select max(c.id) from ${cases} c where c.conversation_id = ${scamChecks.conversationId})`.as("case_id"),
    })
    .from(scamChecks)
    .leftJoin(messages, eq(messages.id, scamChecks.messageId))
    .where(and(...where))
    .orderBy(desc(scamChecks.createdAt), desc(scamChecks.id))
    .limit(limit + 1);
}

/**
 * Checks per verdict since `since` (epoch ms): one range read of scam_checks_verdict_created_idx per verdict
 * (naming the verdicts keeps SQLite from walking that index whole for the GROUP BY; exported for EXPLAIN).
 */
export function scamCountsStatement(db: Db, since: number) {
  return db
    .select({ verdict: scamChecks.verdict, n: sql<number>`count(*)` })
    .from(scamChecks)
    .where(and(inArray(scamChecks.verdict, ["verified", "suspicious", "unverified"]), gte(scamChecks.createdAt, since)))
    .groupBy(scamChecks.verdict);
}

/** One page of scam checks, the id to continue `before`, and the counts per verdict since `since`, in one round trip. */
export async function listScamChecks(
  db: Db,
  q: ScamCheckQuery,
  since: number,
): Promise<{ rows: ScamCheckRow[]; before?: number; counts: Record<ScamVerdict, number> }> {
  const limit = Math.min(q.limit ?? SCAM_PAGE, 200);
  const [raw, countRows] = await db.batch([scamChecksStatement(db, q), scamCountsStatement(db, since)]);
  const counts: Record<ScamVerdict, number> = { verified: 0, suspicious: 0, unverified: 0 };
  for (const c of countRows) if (Object.hasOwn(counts, c.verdict)) counts[c.verdict] = c.n;
  const rows = raw.slice(0, limit).map((r) => {
    const flags = parseJson<unknown[]>(r.flags, []);
    return {
      id: r.id,
      createdAt: r.createdAt,
      channel: r.channel,
      verdict: r.verdict,
      flags: Array.isArray(flags) ? flags.filter((f): f is string => typeof f === "string") : [],
      vacancySlug: r.vacancySlug,
      text: r.text === null ? null : [...r.text].slice(0, SCAM_TEXT_CHARS).join(""),
      cut: r.text !== null && [...r.text].length > SCAM_TEXT_CHARS,
      messageId: r.messageId,
      caseId: r.caseId,
    };
  });
  const last = rows.at(-1);
  return raw.length > limit && last ? { rows, before: last.id, counts } : { rows, counts };
}

/** Distinct unanswered questions per page. */
export const UNANSWERED_PAGE = 50;
/** Characters of an unanswered question shown. */
export const UNANSWERED_TEXT_CHARS = 300;
/** Days the unanswered page looks back by default, and at most. */
export const UNANSWERED_DAYS = { default: 7, max: 90 } as const;

/** One question the bot did not understand, with how often it was asked in the range. */
export interface UnansweredRow {
  /** the newest message with this question */
  id: number;
  createdAt: number;
  channel: string;
  /** the first UNANSWERED_TEXT_CHARS characters of the newest wording */
  text: string;
  /** the text is longer than `text` */
  cut: boolean;
  /** messages in the range with the same normalised text (lower-cased, trimmed) */
  count: number;
  /** the case to open to read the conversation: the message's own case, else the conversation's newest; null when it has none */
  caseId: number | null;
}

/** The range and position of one unanswered page. */
export interface UnansweredQuery {
  /** count and list messages at or after this time (epoch ms) */
  since: number;
  /** list questions last asked before this position (keyset on created_at, id of the newest message) */
  before?: Cursor;
  limit?: number;
}

/**
 * The questions are grouped by `lower(trim(text))`: SQLite's lower() folds ASCII letters only and trim()
 * strips spaces (both channels already trim all whitespace before storing), so "Cara daftar BPJS " and
 * "cara daftar bpjs" are one question. The index messages_unknown_text_idx is on exactly this expression.
 */
const normalised = (table: string) => sql.raw(`lower(trim(${table}.text))`);
/** The WHERE of both partial indexes, for the table under the alias `table`; a query must repeat it to use them. */
const unknownTyped = (table: string) => sql.raw(`${table}.direction = 'in' and ${table}.kind = 'text' and ${table}.topic = 'unknown'`);

/**
 * The statement of one unanswered page, newest first (exported for EXPLAIN). It walks messages_unknown_idx
 * backwards from the cursor and keeps a message only when it is the newest of its question (a probe of
 * messages_unknown_text_idx); each kept row counts its question by a range of that index. Rows read: the
 * page, the older repeats of its questions, and their counts; never the other messages.
 */
export function unansweredStatement(db: Db, q: UnansweredQuery) {
  const limit = Math.min(q.limit ?? UNANSWERED_PAGE, 200);
  const since = Math.floor(q.since);
  const m = alias(messages, "m");
  const where: SQL[] = [unknownTyped("m"), sql`m.created_at >= ${since}`];
  if (q.before) {
    // The first term bounds the index range; the second breaks ties between equal times by id.
    where.push(sql`m.created_at <= ${q.before.createdAt}`, sql`(m.created_at < ${q.before.createdAt} or m.id < ${q.before.id})`);
  }
  where.push(sql`not exists (select 1 from ${messages} r where ${unknownTyped("r")} and ${normalised("r")} = ${normalised("m")}
    and r.created_at >= m.created_at and (r.created_at > m.created_at or r.id > m.id))`);
  return db
    .select({
      id: m.id,
      createdAt: m.createdAt,
      channel: m.channel,
      text: sql<string | null>`substr(m.text, 1, ${UNANSWERED_TEXT_CHARS + 1})`.as("question"),
      count: sql<number>`(select count(*) from ${messages} r where ${unknownTyped("r")} and ${normalised("r")} = ${normalised("m")} and r.created_at >= ${since})`.as(
        "asked",
      ),
      // A probe of cases_conversation_idx: the conversation view is a case's page.
      caseId: sql<number | null>`coalesce(m.case_id, (select max(c.id) from ${cases} c where c.conversation_id = m.conversation_id))`.as("case_of"),
    })
    .from(m)
    .where(and(...where))
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(limit + 1);
}

/** Typed messages routed to `unknown` since `since`, newest first, text and time only (the CLI's list; messages_unknown_idx). */
export function unansweredMessages(db: Db, since: number, limit: number) {
  const m = alias(messages, "m");
  return db
    .select({ text: sql<string>`m.text`, created_at: m.createdAt })
    .from(m)
    .where(and(unknownTyped("m"), sql`m.created_at >= ${Math.floor(since)}`, sql`m.text is not null`))
    .orderBy(desc(m.createdAt))
    .limit(Math.floor(limit));
}

/** One page of unanswered questions and the cursor of the next (older) page, in one round trip. */
export async function listUnanswered(db: Db, q: UnansweredQuery): Promise<{ rows: UnansweredRow[]; before?: Cursor }> {
  const limit = Math.min(q.limit ?? UNANSWERED_PAGE, 200);
  const [raw] = await db.batch([unansweredStatement(db, q)]);
  const rows = raw.slice(0, limit).map((r) => {
    const chars = [...(r.text ?? "")];
    return {
      id: r.id,
      createdAt: r.createdAt,
      channel: r.channel,
      text: chars.slice(0, UNANSWERED_TEXT_CHARS).join(""),
      cut: chars.length > UNANSWERED_TEXT_CHARS,
      count: r.count,
      caseId: r.caseId ?? null,
    };
  });
  const last = rows.at(-1);
  return raw.length > limit && last ? { rows, before: { createdAt: last.createdAt, id: last.id } } : { rows };
}
