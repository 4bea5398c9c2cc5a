/**
 * Statistics for the head of office: per office day (on the office clock, src/core/clock.ts) and channel, over a date range. Complete days come from the
 * daily rollup (`stats_daily`, written by ./rollup.ts); today and any day not rolled up yet are counted live
 * from `messages`. `messages` has no created_at index; ids grow with time, so a range is first turned into an
 * id range by a binary search over the rowid (about 40 single-row probes) and only the messages of the range
 * are read. Case figures are always live: cases change after their day (claimed, closed, rated).
 */
import { sql, type SQL } from "drizzle-orm";
import type { OfficeClock } from "../core/clock.ts";
import type { Db } from "../db/client.ts";
import { selectFrom } from "../db/select-from.ts";
import { DAY_MS, dayIso } from "./format.ts";

/** A half-open range of epoch milliseconds [from, to), normally office midnights. */
export interface StatsRange {
  from: number;
  to: number;
}

/** Activity of one day on one channel. */
export interface DayChannel {
  day: number;
  channel: string;
  messagesIn: number;
  botReplies: number;
  counsellorReplies: number;
  conversations: number;
  seekers: number;
  handoffs: number;
}

/** Everything the statistics page shows. */
export interface Stats {
  range: StatsRange;
  /** office day numbers of the range, in order */
  days: number[];
  byDay: DayChannel[];
  /** unique seekers and conversations over the whole range, per channel */
  uniques: Array<{ channel: string; seekers: number; conversations: number }>;
  /** inbound messages per topic, most asked first */
  topics: Array<{ topic: string; count: number }>;
  cases: {
    byStatus: Record<string, number>;
    byOutcome: Record<string, number>;
    /** cases with a counsellor reply, and the time to it */
    firstReply: { count: number; medianMs: number | null; p90Ms: number | null };
    ratings: { count: number; average: number | null; byValue: number[] };
  };
  /**
   * data deleted in the range (on the seekers' request or by retention): no longer in the case figures nor in
   * today's live counts, but still in the message counts of rolled-up days (counted before the deletion)
   */
  erased: { seekers: number; messages: number; cases: number };
}

/** Longest range the page accepts. */
export const MAX_RANGE_DAYS = 366;
/** `stats_daily`'s marker of a rolled-up day (as channel) and of a channel's day totals (as topic). */
export const ROLLUP_ALL = "*";

/** An integer as an SQL literal, parenthesised so that a negative one (a UTC offset west of Greenwich) stays one term. */
const int = (x: number) => sql.raw(`(${Math.trunc(x)})`);

// Constants inlined: D1 binds JS numbers as REAL, which would turn this into a fractional division.
/** The office day number of an epoch-ms column. */
export const dayExpr = (column: SQL, clock: OfficeClock) => sql`((${column} + ${int(clock.offsetMs)}) / ${int(DAY_MS)})`;

/** The smallest id of `table` whose row was created at or after `t` (rows' ids grow with created_at). */
export function idFloor(table: "messages" | "cases", t: number | SQL): SQL {
  const probe = sql`(select created_at from ${sql.identifier(table)} where id >= (lo + hi) / 2 order by id limit 1)`;
  return sql`coalesce((with recursive b(lo, hi) as (
      select (select min(id) from ${sql.identifier(table)}), (select max(id) from ${sql.identifier(table)}) + 1
      union all
      select case when ${probe} < ${t} then (lo + hi) / 2 + 1 else lo end,
             case when ${probe} < ${t} then hi else (lo + hi) / 2 end
      from b where lo < hi
    ) select lo from b where lo >= hi), 0)`;
}

/** The cases of a range, through cases_status_created_idx; cases marked as spam are left out of every figure. */
function casesIn(r: StatsRange): SQL {
  return sql`status in ('waiting', 'open', 'closed', 'left') and created_at >= ${r.from} and created_at < ${r.to} and coalesce(outcome, '') <> 'spam'`;
}


/**
 * The first complete office day of `range` and whether rollups may serve it: the range must start at an office
 * midnight and be at most MAX_RANGE_DAYS long (the rollup's gap counts look back that far).
 */
function rollupSpan(range: StatsRange, clock: OfficeClock): { fromDay: number; toDay: number; usable: boolean } {
  const fromDay = clock.day(range.from);
  const toDay = clock.day(range.to);
  const usable = clock.dayStart(fromDay) === range.from && range.to - range.from <= MAX_RANGE_DAYS * DAY_MS && toDay > fromDay;
  return { fromDay, toDay, usable };
}

/**
 * The statements of the statistics (exported for the benchmark's EXPLAIN QUERY PLAN). Days are office days of
 * `clock`, which must be the clock the rollup used (`stats_daily` stores office dates).
 */
export function statsStatements(db: Db, range: StatsRange, clock: OfficeClock) {
  const c = casesIn(range);
  const day = dayExpr(sql`created_at`, clock);
  const { fromDay, toDay, usable } = rollupSpan(range, clock);
  const from = int(range.from);
  // Rolled-up days of the range run from its start up to the rollup's last day; the rest is counted live from `live`.
  const live = usable
    ? sql`max(${from}, min(coalesce((select (cast(strftime('%s', max(day)) as integer) + 86400) * 1000 - ${int(clock.offsetMs)} from stats_daily), ${from}), ${int(clock.dayStart(toDay))}))`
    : from;
  // A live message's conversation or seeker counts as new to the range if it wrote nothing in the rolled-up days.
  // (The id test first: with nothing rolled up, SQLite's short-circuit skips the probes.)
  const earlier = (conv: SQL, channel: SQL) => sql`((select l from ids) > (select a from ids) and exists (select 1 from messages m
      where m.conversation_id = ${conv} and m.id >= (select a from ids) and m.id < (select l from ids)
        and m.created_at >= ${from} and m.created_at < (select t from lf) and m.direction = 'in' and m.channel = ${channel}))`;
  return [
    // One pass over the live part's messages, aggregated per day, channel, conversation and topic, joined with the
    // rolled-up days' rows; everything about messages is derived from these small tables and returned as JSON.
    selectFrom<{ days: string; gaps: string; uniques: string; topics: string }>(
      db,
      sql`
      with lf as materialized (select ${live} as t),
      ids as materialized (select ${idFloor("messages", from)} as a, ${idFloor("messages", sql`(select t from lf)`)} as l, ${idFloor("messages", range.to)} as z),
      agg as materialized (
        select ${day} as day, channel, conversation_id, topic,
          sum(direction = 'in') as i, sum(sender = 'bot') as b, sum(sender = 'counsellor') as k
        from messages where id >= (select l from ids) and id < (select z from ids) and created_at >= (select t from lf) and created_at < ${range.to}
        group by 1, 2, 3, 4
      ),
      dc as materialized (
        select a.day as day, a.channel as channel, a.conversation_id as conversation_id, sum(a.i) as i, sum(a.b) as b, sum(a.k) as k, c.seeker_id as seeker_id
        from agg a left join conversations c on c.id = a.conversation_id group by 1, 2, 3
      ),
      rolled as materialized (
        select cast(strftime('%s', day) as integer) / 86400 as day, channel, topic, messages_in, bot_replies, counsellor_replies,
          conversations, seekers, conversation_gaps, seeker_gaps
        from stats_daily where day >= ${dayIso(fromDay)} and day < date((select t from lf) / 1000 + ${int(clock.offsetMs / 1000)}, 'unixepoch') and channel <> ${ROLLUP_ALL}
      ),
      active as materialized (select distinct channel, conversation_id, seeker_id from dc where i > 0)
      select
        (select json_group_array(json_array(day, channel, i, b, k, convs, seekers)) from (
          select day, channel, sum(i) as i, sum(b) as b, sum(k) as k, sum(i > 0) as convs,
            count(distinct case when i > 0 then seeker_id end) as seekers
          from dc group by 1, 2
          union all
          select day, channel, messages_in, bot_replies, counsellor_replies, conversations, seekers from rolled where topic = ${ROLLUP_ALL})) as days,
        (select json_group_array(json_array(day, channel, json(conversation_gaps), json(seeker_gaps))) from rolled where topic = ${ROLLUP_ALL}) as gaps,
        (select json_group_array(json_array(channel, seekers, convs)) from (
          select channel,
            count(distinct case when not ${earlier(sql`x.conversation_id`, sql`x.channel`)} then conversation_id end) as convs,
            count(distinct case when not ((select l from ids) > (select a from ids) and exists (select 1 from conversations c2
              where c2.seeker_id = x.seeker_id and ${earlier(sql`c2.id`, sql`x.channel`)})) then seeker_id end) as seekers
          from active x group by 1)) as uniques,
        (select json_group_array(json_array(topic, n)) from (
          select topic, sum(n) as n from (
            select coalesce(topic, 'unknown') as topic, sum(i) as n from agg group by 1
            union all
            select topic, messages_in from rolled where topic <> ${ROLLUP_ALL})
          group by 1 having sum(n) > 0 order by 2 desc, 1)) as topics`,
      ["days", "gaps", "uniques", "topics"],
    ),
    selectFrom<{ day: number; channel: string; n: number }>(db, sql`select ${day} as day, channel, count(*) as n from cases where ${c} group by 1, 2`, ["day", "channel", "n"]),
    selectFrom<{ status: string; outcome: string | null; n: number }>(db, sql`select status, outcome, count(*) as n from cases where ${c} group by 1, 2`, ["status", "outcome", "n"]),
    selectFrom<{ n: number; median: number | null; p90: number | null }>(
      db,
      sql`
      with d as materialized (select first_reply_at - created_at as x from cases where ${c} and first_reply_at is not null),
        n as (select count(*) as n from d)
      select (select n from n) as n,
        (select avg(x) from (select x from d order by x limit 2 - (select n from n) % 2 offset ((select n from n) - 1) / 2)) as median,
        (select x from d order by x limit 1 offset ((select n from n) * 9) / 10) as p90`,
      ["n", "median", "p90"],
    ),
    selectFrom<{ rating: number; n: number }>(db, sql`select rating, count(*) as n from cases where ${c} and rating between 1 and 5 group by 1`, ["rating", "n"]),
    // Anonymous counts left by seekers who deleted their data (kept per UTC day of the deletion).
    selectFrom<{ seekers: number; messages: number; cases: number }>(
      db,
      sql`select coalesce(sum(seekers), 0) as seekers, coalesce(sum(messages), 0) as messages, coalesce(sum(cases), 0) as cases
        from erasures where day >= ${utcDay(range.from)} and day < ${utcDay(range.to)}`,
      ["seekers", "messages", "cases"],
    ),
  ] as const;
}

/** Compute the statistics of a range, by office day of `clock`, in one D1 round trip. */
export async function loadStats(db: Db, range: StatsRange, clock: OfficeClock): Promise<Stats> {
  const [messageRows, handoffs, statuses, firstReply, ratings, erased] = await db.batch(statsStatements(db, range, clock));
  const json = <T>(raw: string | undefined): T[] => (raw ? (JSON.parse(raw) as T[]) : []);
  const activity = json<[number, string, number, number, number, number, number]>(messageRows[0]?.days);
  const uniques = distinctCounts(
    json<[string, number, number]>(messageRows[0]?.uniques),
    json<[number, string, Record<string, number>, Record<string, number>]>(messageRows[0]?.gaps),
    rollupSpan(range, clock).fromDay,
  );
  const topics = json<[string, number]>(messageRows[0]?.topics).map(([topic, count]) => ({ topic, count }));

  const days: number[] = [];
  for (let d = clock.day(range.from); clock.dayStart(d) < range.to; d++) days.push(d);
  const key = (d: number, ch: string) => `${d}|${ch}`;
  const rows = new Map<string, DayChannel>();
  const row = (d: number, ch: string) => {
    let r = rows.get(key(d, ch));
    if (!r) {
      r = { day: d, channel: ch, messagesIn: 0, botReplies: 0, counsellorReplies: 0, conversations: 0, seekers: 0, handoffs: 0 };
      rows.set(key(d, ch), r);
    }
    return r;
  };
  for (const [d, ch, messagesIn, botReplies, counsellorReplies, conversations, seekers] of activity) {
    Object.assign(row(d, ch), { messagesIn, botReplies, counsellorReplies, conversations, seekers });
  }
  for (const h of handoffs) row(h.day, h.channel).handoffs = h.n;

  const byStatus: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  for (const s of statuses) {
    byStatus[s.status] = (byStatus[s.status] ?? 0) + s.n;
    if (s.outcome) byOutcome[s.outcome] = (byOutcome[s.outcome] ?? 0) + s.n;
  }
  const byValue = [0, 0, 0, 0, 0];
  for (const r of ratings) byValue[r.rating - 1] = r.n;
  const ratingCount = byValue.reduce((a, b) => a + b, 0);
  const fr = firstReply[0];
  return {
    range,
    days,
    byDay: [...rows.values()].sort((a, b) => a.day - b.day || a.channel.localeCompare(b.channel)),
    uniques,
    topics,
    cases: {
      byStatus,
      byOutcome,
      firstReply: { count: fr?.n ?? 0, medianMs: fr?.median ?? null, p90Ms: fr?.p90 ?? null },
      ratings: {
        count: ratingCount,
        average: ratingCount > 0 ? byValue.reduce((sum, n, i) => sum + n * (i + 1), 0) / ratingCount : null,
        byValue,
      },
    },
    erased: erased[0] ?? { seekers: 0, messages: 0, cases: 0 },
  };
}

/**
 * Unique seekers and conversations per channel over the range: those new in the live part, plus, per rolled-up
 * day d, those whose previous activity was more than d - fromDay days before (gap 0: none in the lookback).
 */
function distinctCounts(
  live: Array<[channel: string, seekers: number, conversations: number]>,
  gaps: Array<[day: number, channel: string, conversations: Record<string, number>, seekers: Record<string, number>]>,
  fromDay: number,
): Stats["uniques"] {
  const totals = new Map<string, { channel: string; seekers: number; conversations: number }>();
  const total = (channel: string) => {
    let t = totals.get(channel);
    if (!t) totals.set(channel, (t = { channel, seekers: 0, conversations: 0 }));
    return t;
  };
  const firstInRange = (day: number, hist: Record<string, number>) =>
    Object.entries(hist).reduce((sum, [gap, count]) => (Number(gap) === 0 || Number(gap) > day - fromDay ? sum + count : sum), 0);
  for (const [channel, seekers, conversations] of live) {
    const t = total(channel);
    t.seekers += seekers;
    t.conversations += conversations;
  }
  for (const [day, channel, conversations, seekers] of gaps) {
    const t = total(channel);
    t.conversations += firstInRange(day, conversations);
    t.seekers += firstInRange(day, seekers);
  }
  return [...totals.values()].filter((t) => t.conversations > 0).sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
}

/** "YYYY-MM-DD" of the UTC day of `ms`. */
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
