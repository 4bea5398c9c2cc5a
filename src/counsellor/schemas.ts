/**
 * The dashboard's queries and forms as valibot schemas, validated by hono's validator in app.tsx.
 * Queries are lenient: a malformed or out-of-range value falls back to its default (links are shared and edited by
 * hand), never a failure. A form's failure message is a notice key (strings.ts `notices`), shown after the redirect.
 */
import * as v from "valibot";
import { isTopicId, type TopicId } from "../core/topics.ts";
import { INBOX_VIEWS, MAX_NOTE, parseLabelInput, SCAM_VERDICTS, UNANSWERED_DAYS, type Cursor } from "./queries.ts";
import { MAX_REPLY, OUTCOMES } from "./service.ts";
import { channelLabels } from "./strings.ts";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

/** The schema's value, or undefined when missing or malformed (a repeated key, a wrong pattern). */
const lenient = <S extends v.GenericSchema<string, unknown>>(schema: S) => v.fallback(v.optional(schema), undefined);
/** A query or form value that is a single string. */
const str = v.string();
/** A positive whole number of up to 16 digits (epoch milliseconds, row ids; message ids have 16, see src/db/message-id.ts). */
const whole = v.pipe(v.string(), v.regex(/^\d{1,16}$/), v.transform(Number), v.safeInteger());
/** A "createdAt.id" paging cursor. */
const cursor = v.pipe(
  v.string(),
  v.regex(/^\d{1,16}\.\d{1,16}$/),
  v.transform((s): Cursor => {
    const [createdAt, id] = s.split(".").map(Number);
    return { createdAt: createdAt!, id: id! };
  }),
);
/** A query value: a single string, or "" when missing or repeated (the rest of a pipe runs either way). */
const orEmpty = v.fallback(v.optional(v.string(), ""), "");
/** A form field: a single string, "" when missing; a repeated field or a file is refused ("bad-request"). */
const field = v.optional(v.string(), "");
/** The notice keys a redirect carries (?ok= / ?err=). */
const notice = { ok: lenient(str), err: lenient(str) };
/** Multi-line text from a textarea: CRLF as LF, trimmed; "" when missing. */
const textarea = v.pipe(
  field,
  v.transform((s) => s.replace(/\r\n/g, "\n").trim()),
);

/** GET /admin/login */
export const loginQuery = v.object({ expired: lenient(str), out: lenient(str), next: lenient(str) });

/** POST /admin/login */
export const loginForm = v.object({
  _csrf: lenient(str),
  email: v.pipe(v.fallback(field, ""), v.trim(), v.transform((s) => s.slice(0, 254))),
  password: v.pipe(v.fallback(field, ""), v.transform((s) => s.slice(0, 1024))),
  next: lenient(str),
});

/** GET /admin: the inbox tab, its filters, a search and a page. */
export const inboxQuery = v.object({
  view: v.fallback(v.picklist(INBOX_VIEWS), "waiting"),
  channel: lenient(v.pipe(v.string(), v.check((c) => Object.hasOwn(channelLabels, c)))),
  topic: lenient(v.pipe(v.string(), v.check((t) => isTopicId(t)), v.transform((t) => t as TopicId))),
  q: v.pipe(orEmpty, v.trim(), v.transform((s) => s.slice(0, 100))),
  before: lenient(whole),
  cursor: lenient(cursor),
  ...notice,
});

/** /admin/cases/:id — a case id of up to 12 digits (anything else is "not found"). */
export const caseParam = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)) });

/** GET /admin/cases/:id: older messages before a message id. */
export const caseQuery = v.object({ before: lenient(whole), ...notice });

/** POST /admin/cases/:id/reply: typed text or a canned reply's id; `_rid` makes a double submit send once. */
export const replyForm = v.object({
  text: v.pipe(textarea, v.check((s) => [...s].length <= MAX_REPLY, "too-long")),
  canned: lenient(str),
  _rid: lenient(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/))),
});

/** POST /admin/cases/:id/notes */
export const noteForm = v.object({
  text: v.pipe(textarea, v.nonEmpty("empty-text"), v.check((s) => [...s].length <= MAX_NOTE, "too-long")),
});

/** POST /admin/cases/:id/assign: the counsellor's id. */
export const assignForm = v.object({
  counsellor: v.pipe(field, v.regex(/^\d{1,12}$/, "bad-counsellor"), v.transform(Number), v.minValue(1, "bad-counsellor")),
});

/** POST /admin/cases/:id/block and /spam: block=1 blocks (an unchecked box sends nothing). */
export const blockForm = v.object({ block: v.pipe(field, v.transform((b) => b === "1")) });

/** POST /admin/cases/:id/labels: "a, b, c". */
export const labelsForm = v.object({
  labels: v.pipe(field, v.transform((s) => parseLabelInput(s.slice(0, 400))), v.array(v.string(), "bad-labels")),
});

/** POST /admin/cases/:id/close: the outcome. */
export const closeForm = v.object({ outcome: v.pipe(field, v.picklist(OUTCOMES, "bad-outcome")) });

/** GET /admin/cek-lowongan */
export const scamChecksQuery = v.object({ verdict: lenient(v.picklist(SCAM_VERDICTS)), before: lenient(whole) });

/** GET /admin/belum-terjawab: days to look back (1..90, default 7) and a page. */
export const unansweredQuery = v.object({
  days: v.fallback(
    v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(1), v.maxValue(UNANSWERED_DAYS.max)),
    UNANSWERED_DAYS.default,
  ),
  before: lenient(cursor),
});

/**
 * GET /admin/stats, its charts and the CSV export: ?from=YYYY-MM-DD&to=YYYY-MM-DD (checked as dates by rangeOf), ?sep=.
 * Semicolons by default: Excel set to Indonesian (decimal comma) splits a CSV on semicolons; ?sep=comma for other tools.
 */
export const rangeQuery = v.object({
  from: lenient(str),
  to: lenient(str),
  sep: v.fallback(v.picklist(["comma", "semicolon"]), "semicolon"),
});

/**
 * A WebAuthn credential as /admin/passkey.js posts it: JSON in the form's `credential` field, checked in shape here
 * (up to 16 KiB, a public-key credential with its client data); passkeys.ts verifies it.
 */
const credential = <T>() =>
  v.pipe(
    v.string(),
    v.maxLength(16_384),
    v.parseJson(),
    v.looseObject({
      id: v.string(),
      rawId: v.string(),
      type: v.literal("public-key"),
      response: v.looseObject({ clientDataJSON: v.string() }),
      clientExtensionResults: v.optional(v.looseObject({}), () => ({})),
    }),
    v.transform((value) => value as unknown as T),
  );

/** POST /admin/passkey/masuk: the signed challenge, and where to go after. */
export const passkeySignInForm = v.object({ credential: credential<AuthenticationResponseJSON>(), next: lenient(str) });

/** POST /admin/undangan/:token and /admin/pengaturan/passkey: the new credential and the name its owner gives it. */
export const passkeyRegisterForm = v.object({ credential: credential<RegistrationResponseJSON>(), name: v.fallback(field, "") });

/** POST /admin/pengaturan/passkey/:id/cabut */
export const passkeyParam = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)) });

/** GET /admin/pengaturan: the notice a redirect carries. */
export const settingsQuery = v.object({ ok: lenient(v.picklist(["added", "revoked"])), err: lenient(v.picklist(["not-found"])) });
