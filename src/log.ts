/** Structured JSON logs. Callers pass ids and reasons only, never message text or personal data. */
export function log(level: "info" | "warn" | "error", event: string, fields: Record<string, string | number | boolean | undefined> = {}): void {
  const line = JSON.stringify({ level, event, ...fields, at: new Date().toISOString() });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
