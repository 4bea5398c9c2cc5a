/**
 * The daily statistics rollup: the message figures of each complete office day (office clock, src/core/clock.ts), counted once into `stats_daily` by
 * the daily cron, so the statistics page reads a few rows per day instead of every message of its range.
 *
 * Rollups are anonymous counts and stay when retention or an erasure later deletes the messages they count,
 * as the `erasures` table keeps statistics honest; a rolled-up day is never recounted by the cron. Case figures
 * are not rolled up: cases change after their day (claimed, closed, rated), so the page reads them live.
 *
 * Distinct seekers and conversations over a range do not add up from daily counts. Each day therefore also keeps,
 * per channel, how many of its active conversations (and seekers) were last active 1..366 days before, or not
 * in that time: a conversation counts towards a range [a, b) on its first active day d in the range, which is
 * exactly the day whose gap exceeds d - a. Only counts are stored, no ids.
 */
import { asc, max, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { OfficeClock } from "../core/clock.ts";
import type { Db } from "../db/client.ts";
import { messages, statsDaily } from "../db/schema.ts";
import { DAY_MS, dayIso } from "./format.ts";
import { idFloor, MAX_RANGE_DAYS, ROLLUP_ALL as ALL } from "./stats.ts";

/** Days rolled up per cron run at most: a missed run or a new deployment catches up over a few nights. */
export const ROLLUP_DAYS_PER_RUN = 31;
/** Days per D1 batch: 1 + ceil(31 / 8) = 5 subrequests per run, well inside the free plan's 50 with retention. */
const DAYS_PER_BATCH = 8;
/** How far back a gap is looked for: the longest range the statistics page accepts. */
const GAP_DAYS = MAX_RANGE_DAYS;

/** An integer as an SQL literal, parenthesised so that a negative one stays one term. */
const n = (x: number) => sql.raw(`(${Math.trunc(x)})`);

/**
 * The upsert of the rollup rows of office day `day` on `clock` (exported for the benchmark). The day runs from
 * the office's midnight to the next; it is stored as its office date.
 */
export function rollupStatement(db: Db, day: number, clock: OfficeClock) {
  const from = clock.dayStart(day);
  const to = from + DAY_MS;
  const back = from - GAP_DAYS * DAY_MS;
  const iso = dayIso(day);
  // The last inbound message on the channel of conversation `conv` in the GAP_DAYS before the day (index probe).
  const prev = (conv: SQL, channel: SQL) => sql`(select m.created_at from messages m
      where m.conversation_id = ${conv} and m.id >= (select back from ids) and m.id < (select start from ids)
        and m.created_at >= ${n(back)} and m.created_at < ${n(from)} and m.direction = 'in' and m.channel = ${channel}
      order by m.id desc limit 1)`;
  const gap = (t: SQL) => sql`case when ${t} is null then 0 else ${n(day)} - (${t} + ${n(clock.offsetMs)}) / ${n(DAY_MS)} end`;
  const gaps = (table: string) =>
    sql`(select json_group_object(gap, k) from (select gap, count(*) as k from ${sql.raw(table)} g where g.channel = dc.channel group by gap))`;
  // The select's columns are stats_daily's, in the schema's order (drizzle lists them all in the insert).
  const rows = sql`
    with ids as materialized (select ${idFloor("messages", back)} as back, ${idFloor("messages", from)} as start, ${idFloor("messages", to)} as stop),
    agg as materialized (
      select channel, conversation_id, coalesce(topic, 'unknown') as topic,
        sum(direction = 'in') as i, sum(sender = 'bot') as b, sum(sender = 'counsellor') as k
      from messages where id >= (select start from ids) and id < (select stop from ids) and created_at >= ${n(from)} and created_at < ${n(to)}
      group by 1, 2, 3
    ),
    dc as materialized (
      select a.channel as channel, a.conversation_id as conversation_id, sum(a.i) as i, sum(a.b) as b, sum(a.k) as k, c.seeker_id as seeker_id
      from agg a left join conversations c on c.id = a.conversation_id group by 1, 2
    ),
    cg as materialized (select channel, ${gap(prev(sql`dc.conversation_id`, sql`dc.channel`))} as gap from dc where i > 0),
    sg as materialized (
      select s.channel as channel, ${gap(sql`(select max(${prev(sql`c2.id`, sql`s.channel`)}) from conversations c2 where c2.seeker_id = s.seeker_id)`)} as gap
      from (select distinct channel, seeker_id from dc where i > 0 and seeker_id is not null) s
    )
    select * from (
      select ${iso}, channel, ${ALL}, sum(i), sum(b), sum(k), sum(i > 0), count(distinct case when i > 0 then seeker_id end),
        coalesce(${gaps("cg")}, '{}'), coalesce(${gaps("sg")}, '{}')
      from dc group by channel
      union all
      select ${iso}, channel, topic, sum(i), 0, 0, 0, 0, '{}', '{}' from agg group by channel, topic having sum(i) > 0
      union all
      select ${iso}, ${ALL}, ${ALL}, 0, 0, 0, 0, 0, '{}', '{}'
    ) where true`;
  const excluded = (column: SQLiteColumn) => sql`excluded.${sql.identifier(column.name)}`;
  return db
    .insert(statsDaily)
    .select(rows)
    .onConflictDoUpdate({
      target: [statsDaily.day, statsDaily.channel, statsDaily.topic],
      set: {
        messagesIn: excluded(statsDaily.messagesIn),
        botReplies: excluded(statsDaily.botReplies),
        counsellorReplies: excluded(statsDaily.counsellorReplies),
        conversations: excluded(statsDaily.conversations),
        seekers: excluded(statsDaily.seekers),
        conversationGaps: excluded(statsDaily.conversationGaps),
        seekerGaps: excluded(statsDaily.seekerGaps),
      },
    });
}

/**
 * Roll up the complete office days before `now` that are not rolled up yet, oldest first, at most
 * ROLLUP_DAYS_PER_RUN; starts at the first logged message's day. Returns the office day numbers written.
 * Days are those of `clock`, the configured office clock; the statistics page must read them with the same one.
 */
export async function rollupStats(db: Db, now: number, clock: OfficeClock, maxDays = ROLLUP_DAYS_PER_RUN): Promise<number[]> {
  const [lastRows, firstRows] = await db.batch([
    db.select({ last: max(statsDaily.day) }).from(statsDaily),
    db.select({ first: messages.createdAt }).from(messages).orderBy(asc(messages.id)).limit(1),
  ]);
  const last = lastRows[0]?.last ?? null;
  const first = firstRows[0]?.first ?? null;
  let next: number;
  if (last) next = Date.parse(last) / DAY_MS + 1;
  else if (first !== null) next = clock.day(first);
  else return [];
  const days: number[] = [];
  for (let d = next; d < clock.day(now) && days.length < maxDays; d++) days.push(d);
  for (let i = 0; i < days.length; i += DAYS_PER_BATCH) {
    const [head, ...rest] = days.slice(i, i + DAYS_PER_BATCH).map((day) => rollupStatement(db, day, clock));
    await db.batch([head!, ...rest]);
  }
  return days;
}
