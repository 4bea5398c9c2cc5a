/**
 * Statistics for the head of office: per WIB day and channel, over a date range. `messages` has no
 * created_at index; ids grow with time, so the range is first turned into an id range by a binary search
 * over the rowid (about 40 single-row probes) and only the messages of the range are read.
 */
import { sql, type SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client.ts";
import { DAY_MS, WIB_OFFSET_MS } from "./format.ts";

/** A half-open range of epoch milliseconds [from, to), normally WIB midnights. */
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
  /** WIB day numbers of the range, in order */
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
  /** data deleted on the seekers' request in the range: no longer in the numbers above */
  erased: { seekers: number; messages: number; cases: number };
}

/** Longest range the page accepts. */
export const MAX_RANGE_DAYS = 366;

// Constants inlined: D1 binds JS numbers as REAL, which would turn this into a fractional division.
const dayExpr = (column: SQL) => sql`((${column} + ${sql.raw(String(WIB_OFFSET_MS))}) / ${sql.raw(String(DAY_MS))})`;

/** The smallest id of `table` whose row was created at or after `t` (rows' ids grow with created_at). */
export function idFloor(table: "messages" | "cases", t: number): SQL {
  const probe = sql`(select created_at from ${sql.identifier(table)} where id >= (lo + hi) / 2 order by id limit 1)`;
  return sql`coalesce((with recursive b(lo, hi) as (
      select (select min(id) from ${sql.identifier(table)}), (select max(id) from ${sql.identifier(table)}) + 1
      union all
      select case when ${probe} < ${t} then (lo + hi) / 2 + 1 else lo end,
             case when ${probe} < ${t} then hi else (lo + hi) / 2 end
      from b where lo < hi
    ) select lo from b where lo >= hi), 0)`;
}

/** The messages of a range: an id range for the search, created_at for exactness at the edges. */
function messagesIn(r: StatsRange): SQL {
  return sql`id >= ${idFloor("messages", r.from)} and id < ${idFloor("messages", r.to)} and created_at >= ${r.from} and created_at < ${r.to}`;
}

/** The cases of a range, through cases_status_created_idx. */
function casesIn(r: StatsRange): SQL {
  return sql`status in ('waiting', 'open', 'closed', 'left') and created_at >= ${r.from} and created_at < ${r.to}`;
}

/** The statements of the statistics (exported for the benchmark's EXPLAIN QUERY PLAN). */
export function statsStatements(range: StatsRange): SQL[] {
  const m = messagesIn(range);
  const c = casesIn(range);
  const day = dayExpr(sql`created_at`);
  return [
    // One pass over the range's messages, aggregated per day, channel, conversation and topic; everything
    // about messages is derived from that small intermediate table and returned as JSON.
    sql`
      with agg as materialized (
        select ${day} as day, channel, conversation_id, topic,
          sum(direction = 'in') as i, sum(sender = 'bot') as b, sum(sender = 'counsellor') as k
        from messages where ${m} group by 1, 2, 3, 4
      ),
      dc as materialized (
        select a.day as day, a.channel as channel, a.conversation_id as conversation_id, sum(a.i) as i, sum(a.b) as b, sum(a.k) as k, c.seeker_id as seeker_id
        from agg a left join conversations c on c.id = a.conversation_id group by 1, 2, 3
      )
      select
        (select json_group_array(json_array(day, channel, i, b, k, convs, seekers)) from (
          select day, channel, sum(i) as i, sum(b) as b, sum(k) as k, sum(i > 0) as convs,
            count(distinct case when i > 0 then seeker_id end) as seekers
          from dc group by 1, 2)) as days,
        (select json_group_array(json_array(channel, seekers, convs)) from (
          select channel, count(distinct case when i > 0 then seeker_id end) as seekers,
            count(distinct case when i > 0 then conversation_id end) as convs
          from dc group by 1 having convs > 0)) as uniques,
        (select json_group_array(json_array(topic, n)) from (
          select coalesce(topic, 'unknown') as topic, sum(i) as n from agg group by 1 having n > 0 order by 2 desc, 1)) as topics`,
    sql`select ${day} as day, channel, count(*) as n from cases where ${c} group by 1, 2`,
    sql`select status, outcome, count(*) as n from cases where ${c} group by 1, 2`,
    sql`
      with d as materialized (select first_reply_at - created_at as x from cases where ${c} and first_reply_at is not null),
        n as (select count(*) as n from d)
      select (select n from n) as n,
        (select avg(x) from (select x from d order by x limit 2 - (select n from n) % 2 offset ((select n from n) - 1) / 2)) as median,
        (select x from d order by x limit 1 offset ((select n from n) * 9) / 10) as p90`,
    sql`select rating, count(*) as n from cases where ${c} and rating between 1 and 5 group by 1`,
    // Anonymous counts left by seekers who deleted their data (kept per UTC day of the deletion).
    sql`select coalesce(sum(seekers), 0) as seekers, coalesce(sum(messages), 0) as messages, coalesce(sum(cases), 0) as cases
      from erasures where day >= ${utcDay(range.from)} and day < ${utcDay(range.to)}`,
  ];
}

/** Compute the statistics of a range in one D1 round trip. */
export async function loadStats(db: Db, range: StatsRange): Promise<Stats> {
  const [messageRows, handoffs, statuses, firstReply, ratings, erased] = (await rawBatch(db, statsStatements(range))) as [
    Array<{ days: string; uniques: string; topics: string }>,
    Array<{ day: number; channel: string; n: number }>,
    Array<{ status: string; outcome: string | null; n: number }>,
    Array<{ n: number; median: number | null; p90: number | null }>,
    Array<{ rating: number; n: number }>,
    Array<{ seekers: number; messages: number; cases: number }>,
  ];
  const json = <T>(raw: string | undefined): T[] => (raw ? (JSON.parse(raw) as T[]) : []);
  const activity = json<[number, string, number, number, number, number, number]>(messageRows[0]?.days);
  const uniques = json<[string, number, number]>(messageRows[0]?.uniques).map(([channel, seekers, conversations]) => ({ channel, seekers, conversations }));
  const topics = json<[string, number]>(messageRows[0]?.topics).map(([topic, count]) => ({ topic, count }));

  const days: number[] = [];
  for (let d = Math.floor((range.from + WIB_OFFSET_MS) / DAY_MS); d * DAY_MS - WIB_OFFSET_MS < range.to; d++) days.push(d);
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

/** "YYYY-MM-DD" of the UTC day of `ms`. */
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const dialect = new SQLiteAsyncDialect();

/** Run raw SQL statements as one D1 batch (drizzle's batch cannot take raw `sql` queries). */
export async function rawBatch(db: Db, queries: SQL[]): Promise<unknown[][]> {
  const d1 = db.$client;
  const results = await d1.batch(
    queries.map((q) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      return d1.prepare(text).bind(...params);
    }),
  );
  return results.map((r) => r.results);
}
