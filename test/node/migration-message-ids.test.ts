/**
 * Migrations 0021 and 0022 (issue 16): messages lose AUTOINCREMENT and the dedupe index. The rebuild keeps every row
 * and the links of its children (scam_checks cascade, attachments set null) with foreign keys on, as D1 runs it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "..", "..", "migrations");
const files = readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();

function apply(db: DatabaseSync, file: string): void {
  for (const statement of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) db.exec(statement);
  }
}

describe("messages without AUTOINCREMENT and without a dedupe index", () => {
  it("keeps messages, their scam checks and attachment links through the rebuild", () => {
    const db = new DatabaseSync(":memory:", { enableForeignKeyConstraints: true });
    const split = files.indexOf("0021_messages_ids_without_sequence.sql");
    expect(split).toBeGreaterThan(0);
    for (const f of files.slice(0, split)) apply(db, f);
    db.exec("insert into seekers (id, channel, external_id, first_seen_at, last_seen_at) values (1, 'telegram', '42', 1, 1)");
    db.exec("insert into conversations (id, seeker_id, channel, created_at, updated_at) values ('tg:42', 1, 'telegram', 1, 1)");
    db.exec(`insert into messages (conversation_id, channel, direction, sender, kind, text, status, dedupe_key, created_at)
             values ('tg:42', 'telegram', 'in', 'seeker', 'text', 'lowongan admin bayar 150rb', 'answered', 'tg:1', 1),
                    ('tg:42', 'telegram', 'out', 'bot', 'text', 'hati-hati', 'sent', null, 2)`);
    db.exec("insert into scam_checks (message_id, conversation_id, channel, verdict, created_at) values (1, 'tg:42', 'telegram', 'suspicious', 1)");
    db.exec("insert into attachments (key, conversation_id, message_id, sender, name, type, size, created_at) values ('f/x', 'tg:42', 1, 'seeker', 'cv.pdf', 'pdf', 10, 1)");
    for (const f of files.slice(split)) apply(db, f);

    expect(db.prepare("select id, text from messages order by id").all()).toEqual([
      { id: 1, text: "lowongan admin bayar 150rb" },
      { id: 2, text: "hati-hati" },
    ]);
    expect(db.prepare("select message_id as m from scam_checks").all()).toEqual([{ m: 1 }]);
    expect(db.prepare("select message_id as m, conversation_id as c from attachments").all()).toEqual([{ m: 1, c: "tg:42" }]);
    const sqlOf = (name: string) => (db.prepare("select sql from sqlite_master where name = ?").get(name) as { sql: string }).sql;
    expect(sqlOf("messages")).not.toMatch(/autoincrement/i);
    // the children point at the new table, so deleting a message still cascades and unlinks
    expect(sqlOf("scam_checks")).toMatch(/REFERENCES [`"]messages[`"]/);
    expect(sqlOf("attachments")).toMatch(/REFERENCES [`"]messages[`"]/);
    expect(db.prepare("select name from sqlite_master where name = 'messages_dedupe_uq'").all()).toEqual([]);
    // a dedupe key is looked up in its conversation's index range (loggedWithKey), not by scanning the table
    const plan = db.prepare("explain query plan select 1 from messages where conversation_id = ? and id >= ? and dedupe_key = ?").all("tg:42", 0, "tg:1");
    expect(JSON.stringify(plan)).toContain("messages_conversation_idx");
    db.exec("delete from messages where id = 1");
    expect(db.prepare("select count(*) as n from scam_checks").get()).toEqual({ n: 0 });
    expect(db.prepare("select message_id as m from attachments").all()).toEqual([{ m: null }]);
  });
});
