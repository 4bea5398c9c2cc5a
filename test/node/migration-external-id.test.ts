/** The external-id migrations (0015, 0016) keep the Telegram message ids that were logged before them. */
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

describe("messages.external_id migration", () => {
  it("copies telegram_message_id into external_id as text, then drops the old column", () => {
    const db = new DatabaseSync(":memory:");
    const split = files.indexOf("0015_external_id.sql");
    expect(split).toBeGreaterThan(0);
    for (const f of files.slice(0, split)) apply(db, f);
    db.exec("insert into seekers (id, channel, external_id, first_seen_at, last_seen_at) values (1, 'telegram', '42', 1, 1)");
    db.exec("insert into conversations (id, seeker_id, channel, created_at, updated_at) values ('tg:42', 1, 'telegram', 1, 1)");
    db.exec(`insert into messages (conversation_id, channel, direction, sender, kind, text, telegram_message_id, status, created_at)
             values ('tg:42', 'telegram', 'in', 'seeker', 'text', 'halo', 777, 'answered', 1),
                    ('tg:42', 'telegram', 'out', 'bot', 'text', 'menu', null, 'failed', 2)`);
    for (const f of files.slice(split)) apply(db, f);

    const rows = db.prepare("select text, external_id as externalId from messages order by id").all();
    expect(rows).toEqual([
      { text: "halo", externalId: "777" },
      { text: "menu", externalId: null },
    ]);
    const columns = db.prepare("select name from pragma_table_info('messages')").all().map((c) => c.name);
    expect(columns).toContain("external_id");
    expect(columns).not.toContain("telegram_message_id");
    // delivery statuses look outbound rows up by their channel id (0019: inbound rows are not in the index; 0023: only
    // WhatsApp rows are)
    const plan = db.prepare("explain query plan select id from messages where external_id = ? and direction = 'out' and channel = 'whatsapp'").all("777");
    expect(JSON.stringify(plan)).toContain("messages_whatsapp_out_idx");
  });
});
