/**
 * The counsellor dashboard, a hono sub-app mounted at /admin: sign-in, inbox, conversation view with reply,
 * notes, labels, claim/assign/close, the seeker's saved profile, the vacancy scam-check log, the questions the bot did
 * not understand, statistics with SVG charts, and a CSV export. Server-rendered HTML forms; every request is
 * authenticated and every form carries the session's CSRF token.
 */
import { Hono, type MiddlewareHandler } from "hono";
import * as v from "valibot";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { fallbackBundle } from "../content/fallback.ts";
import { loadListings } from "../content/listings-store.ts";
import { loadContent } from "../content/store.ts";
import type { ContentBundle } from "../content/types.ts";
import { StoredListings } from "../listings/stored.ts";
import type { Listings } from "../listings/types.ts";
import type { OfficeClock } from "../core/clock.ts";
import { isTopicId, type TopicId } from "../core/topics.ts";
import { createDb, type Db } from "../db/client.ts";
import { clockFrom } from "../env.ts";
import { log } from "../log.ts";
import { accessConfig, type CertsFetch } from "./access.ts";
import { APP_CSS, APP_JS } from "./assets.ts";
import { checkPassword, createSession, deleteSession, readSession, SESSION_COOKIE, type Staff } from "./auth.ts";
import { CSV_BOM, csvRow } from "./csv.ts";
import { DAY_MS, dayIso, formatTime, isoLocal, parseDay } from "./format.ts";
import {
  requireStaff,
  safeNext,
  sameOrigin,
  securityHeaders,
  setSessionCookie,
  verifyCsrf,
  type AdminContext,
  type AdminEnv,
  type CounsellorBindings,
} from "./guard.tsx";
import { BASE } from "./layout.tsx";
import { whatsappConfig } from "../channels/whatsapp/config.ts";
import { vValidator } from "../http/validate.ts";
import {
  assignForm,
  blockForm,
  caseParam,
  caseQuery,
  closeForm,
  inboxQuery,
  labelsForm,
  loginForm,
  loginQuery,
  noteForm,
  rangeQuery,
  replyForm,
  scamChecksQuery,
  unansweredQuery,
} from "./schemas.ts";
import { CasePage } from "./pages/case.tsx";
import { downloadFile } from "./files.ts";
import { MAX_FILE_BYTES } from "../core/strings-files.ts";
import { discardFile, storeFile, type PendingFile } from "../files/store.ts";
import { InboxPage, type InboxFilters } from "./pages/inbox.tsx";
import { LoginPage, MessagePage } from "./pages/login.tsx";
import { chart, CHART_NAMES, StatsPage, type ChartName } from "./pages/stats.tsx";
import {
  addNote,
  assignCase,
  caseDetail,
  caseState,
  claimCase,
  exportPage,
  listInbox,
  listScamChecks,
  listUnanswered,
  searchCases,
  setLabels,
  setSeekerBlocked,
} from "./queries.ts";
import { SCAM_COUNT_DAYS, ScamChecksPage } from "./scam-checks.tsx";
import { contentReadmeUrl, contohSuggestion, UnansweredPage } from "./unanswered.tsx";
import { ContentPage, type ScamRuleSummary } from "./content-page.tsx";
import { contentReport } from "../content/report.ts";
import { CONTENT_KEY } from "../content/types.ts";
import { officeDate } from "../listings/search.ts";
import { accessFor, caseRefusal, type CaseAction, type CaseRefusal } from "./policy.ts";
import { cannedReplies, CaseError, closeCase, markSpam, OUTCOMES, replyToCase } from "./service.ts";
import { loadStats, MAX_RANGE_DAYS } from "./stats.ts";
import { channelLabels, errorMessages, intakeLabels, loginMessages, notices, outcomeLabels, statusLabels } from "./strings.ts";
import { d1Throttle, type LoginThrottle } from "./throttle.ts";
import { announceCase } from "../live/notify.ts";
import { inboxLive } from "../live/routes.ts";
import { LIVE_JS } from "./live-script.ts";
import { publicPasskeyRoutes, staffPasskeyRoutes } from "./passkey-routes.tsx";
import { randomToken, safeEqual } from "./tokens.ts";

export type { CounsellorBindings };

/** Dependencies with production defaults; tests replace them. */
export interface CounsellorAppOptions {
  /** the clock (epoch ms) */
  now?: () => number;
  /** fetches Cloudflare Access certs */
  fetchCerts?: CertsFetch;
  /** where failed logins are counted */
  throttle?: (env: CounsellorBindings) => LoginThrottle;
}

/** Cookie holding the login form's CSRF token (double submit; __Host- prefixed). */
export const LOGIN_COOKIE = "binjol_login";
/** Largest form body accepted. */
export const MAX_FORM_BYTES = 64 * 1024;
/** The reply form's path (it alone takes a file). */
const REPLY_PATH = /\/cases\/\d{1,12}\/reply$/;

/** Build the dashboard sub-app; mount it with `app.route("/admin", counsellorApp())`. */
export function counsellorApp(options: CounsellorAppOptions = {}) {
  const now = options.now ?? Date.now;
  const throttleOf = options.throttle ?? ((env: CounsellorBindings) => d1Throttle(createDb(env.DB)));
  const app = new Hono<AdminEnv>();

  app.use(securityHeaders);

  app.get("/app.css", (c) => asset(c, APP_CSS, "text/css; charset=utf-8"));
  app.get("/app.js", (c) => asset(c, APP_JS, "text/javascript; charset=utf-8"));

  app.get("/login", vValidator("query", loginQuery), async (c) => {
    if (accessConfig(c.env)) {
      return c.html(<MessagePage title="Masuk" text={loginMessages.accessOnly} link={{ href: BASE, label: "Buka dasbor" }} />);
    }
    const session = await readSession(createDb(c.env.DB), getCookie(c, SESSION_COOKIE, "host"), now());
    if (session.status === "ok") return c.redirect(BASE, 303);
    const q = c.req.valid("query");
    const info = q.expired ? loginMessages.expired : q.out ? loginMessages.loggedOut : undefined;
    return loginPage(c, 200, { info, next: safeNext(q.next) });
  });

  app.post("/login", bodyLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge }), formOnly, vValidator("form", loginForm), async (c) => {
    if (accessConfig(c.env)) throw new HTTPException(404, { message: errorMessages.notFound });
    const form = c.req.valid("form");
    const expected = getCookie(c, LOGIN_COOKIE, "host");
    const next = safeNext(form.next);
    if (!expected || !form._csrf || !safeEqual(form._csrf, expected) || !sameOrigin(c)) {
      return loginPage(c, 403, { error: loginMessages.formExpired, next });
    }
    const { email, password } = form;
    const attempt = { email, ip: c.req.header("cf-connecting-ip") ?? "local" };
    const throttle = throttleOf(c.env);
    const at = now();
    // Counted before the password is checked, in one transaction: parallel guesses cannot slip past the limit.
    const wait = await throttle.attempt(attempt, at);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return loginPage(c, 429, { error: loginMessages.throttled(wait), email, next });
    }
    const db = createDb(c.env.DB);
    const who = email && password ? await checkPassword(db, email, password) : undefined;
    if (!who) {
      log("warn", "dashboard login failed", { requestId: c.get("requestId") });
      return loginPage(c, 401, { error: loginMessages.wrong, email, next });
    }
    await throttle.succeeded(attempt, at);
    const { token } = await createSession(db, who.id, at);
    setSessionCookie(c, token);
    deleteCookie(c, LOGIN_COOKIE, { prefix: "host", path: "/", secure: true });
    return c.redirect(next ?? BASE, 303);
  });

  // Passkey sign-in and invite links (src/counsellor/passkey-routes.tsx).
  const passkeyOptions = { now, throttleOf, maxFormBytes: MAX_FORM_BYTES };
  publicPasskeyRoutes(app, passkeyOptions);

  // Everything below needs a counsellor.
  const staffOnly = new Hono<AdminEnv>();
  staffOnly.use(requireStaff(now, options.fetchCerts));
  // A reply may carry a file (up to 5 MB); every other form is small.
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge });
  const replyLimit = bodyLimit({ maxSize: MAX_FILE_BYTES + MAX_FORM_BYTES, onError: (c) => back(c, caseIdOf(c), "err", "file-too-large") });
  staffOnly.use((c, next) => (REPLY_PATH.test(c.req.path) ? replyLimit : formLimit)(c, next), verifyCsrf);
  staffPasskeyRoutes(staffOnly, passkeyOptions);

  staffOnly.post("/logout", async (c) => {
    await deleteSession(createDb(c.env.DB), c.get("staff").sessionId);
    deleteCookie(c, SESSION_COOKIE, { prefix: "host", path: "/", secure: true });
    return c.redirect(accessConfig(c.env) ? "/cdn-cgi/access/logout" : `${BASE}/login?out=1`, 303);
  });

  // the live socket of the inbox and case pages (src/live/, public/../live.js)
  staffOnly.get("/live", inboxLive);
  app.get("/live.js", (c) => asset(c, LIVE_JS, "text/javascript; charset=utf-8"));

  staffOnly.get("/", vValidator("query", inboxQuery), async (c) => {
    const q = c.req.valid("query");
    const staff = c.get("staff");
    const jump = q.q.match(/^#(\d{1,12})$/);
    if (jump) return c.redirect(`${BASE}/cases/${jump[1]}`, 303);
    const filters: InboxFilters = {
      view: q.view,
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.topic ? { topic: q.topic } : {}),
      ...(q.q ? { q: q.q } : {}),
    };
    const db = createDb(c.env.DB);
    const topicTitle = await topicTitles(c.env);
    const at = now();
    const notice = noticeOf(q);
    if (filters.q) {
      const before = q.before || undefined;
      const [result, counts] = await Promise.all([
        searchCases(db, filters.q, before ? { before } : {}),
        listInbox(db, { view: "waiting", counsellorId: staff.id, limit: 0 }).then((r) => r.counts),
      ]);
      return c.html(
        <InboxPage staff={staff} filters={filters} rows={result.rows} counts={counts} now={at} clock={clockFrom(c.env)} topicTitle={topicTitle} search={result} paged={before !== undefined} notice={notice} />,
      );
    }
    const cursor = q.cursor;
    const page = await listInbox(db, { view: q.view, counsellorId: staff.id, channel: filters.channel, topic: filters.topic, cursor });
    return c.html(
      <InboxPage
        staff={staff}
        filters={filters}
        rows={page.rows}
        counts={page.counts}
        now={at}
        clock={clockFrom(c.env)}
        topicTitle={topicTitle}
        next={page.next}
        paged={cursor !== undefined}
        notice={notice}
      />,
    );
  });

  staffOnly.get("/cases/:id", vValidator("query", caseQuery), async (c) => {
    const id = caseIdOf(c);
    const query = c.req.valid("query");
    const before = query.before || undefined;
    const db = createDb(c.env.DB);
    const [detail, content] = await Promise.all([caseDetail(db, id, before ? { before } : {}), contentOf(c.env)]);
    if (!detail) throw new HTTPException(404, { message: errorMessages.notFound });
    const staff = c.get("staff");
    // Place names are not in D1: the listings blob (cached per isolate) knows the office's kecamatan.
    const [places, blockAccess] = await Promise.all([
      detail.profile?.placeCode ? listingsOf(c.env, content).then((l) => l?.places) : undefined,
      accessFor(db, id, "block"),
    ]);
    const may = (action: CaseAction) => caseRefusal(staff, action === "block" && blockAccess ? blockAccess : detail.case, action) === undefined;
    return c.html(
      <CasePage
        placeName={places ? (code) => placeName(places, code) : undefined}
        staff={staff}
        detail={detail}
        canned={cannedReplies(content)}
        outcomes={OUTCOMES}
        now={now()}
        clock={clockFrom(c.env)}
        topicTitle={titleFn(content)}
        may={may}
        notice={noticeOf(query)}
        replyId={randomToken(18)}
        whatsappTemplate={whatsappConfig(c.env)?.templates.counsellor?.name}
      />,
    );
  });

  // A seeker's file: a download for signed-in counsellors only (src/counsellor/files.ts).
  staffOnly.get("/files/:id", downloadFile);

  staffOnly.post("/cases/:id/reply", caseForm(replyForm), async (c) => {
    const id = caseIdOf(c);
    const staff = c.get("staff");
    const form = c.req.valid("form");
    const db = createDb(c.env.DB);
    const refused = await refusal(db, id, staff, "reply");
    if (refused) return back(c, id, "err", refused);
    let text = form.text;
    if (!text && form.canned) text = cannedReplies(await contentOf(c.env)).find((r) => r.id === form.canned)?.text ?? "";
    // An attached file (multipart form): its type is read from its bytes, then it is put into R2.
    const upload = (await c.req.parseBody()).file;
    const attached = upload instanceof File && upload.size > 0 ? upload : undefined;
    if (!text && !attached) return back(c, id, "err", "empty-text");
    let file: PendingFile | undefined;
    if (attached) {
      if (attached.size > MAX_FILE_BYTES) return back(c, id, "err", "file-too-large");
      const stored = await storeFile(c.env.FILES, { name: attached.name, bytes: new Uint8Array(await attached.arrayBuffer()) });
      if (!stored.ok) return back(c, id, "err", stored.reason === "too-large" ? "file-too-large" : stored.reason === "type" ? "file-type" : "file-failed");
      file = stored.file;
    }
    // The form's one-time id makes a double submit (or a retried post) store and send the reply once.
    const rid = form._rid;
    let result;
    try {
      result = await replyToCase(
        { env: c.env, db },
        { caseId: id, counsellorId: staff.id, isAdmin: staff.isAdmin, text, ...(rid ? { dedupeKey: `dash:${rid}` } : {}), ...(file ? { file } : {}) },
      );
    } catch (err) {
      if (file) await discardFile(c.env.FILES, file);
      throw err;
    }
    // No anchor: the page opens at its top, where the notice is, with the transcript at its newest message and the
    // reply box in view (the case page fits the transcript into the window).
    if (result.status === "failed") return back(c, id, "err", "failed");
    return back(c, id, "ok", result.status === "duplicate" ? "duplicate" : "sent");
  });

  staffOnly.post("/cases/:id/claim", async (c) => {
    const id = caseIdOf(c);
    const db = createDb(c.env.DB);
    await existingCase(db, id);
    const result = await claimCase(db, id, c.get("staff").id, now());
    if (result === "claimed") await announceCase(c.env, { kind: "claimed", by: "counsellor", caseId: id });
    return back(c, id, result === "claimed" ? "ok" : "err", result);
  });

  staffOnly.post("/cases/:id/assign", caseForm(assignForm), async (c) => {
    const id = caseIdOf(c);
    const staff = c.get("staff");
    const db = createDb(c.env.DB);
    const refused = await refusal(db, id, staff, "assign");
    if (refused) return back(c, id, "err", refused);
    const result = await assignCase(db, id, c.req.valid("form").counsellor, now());
    if (result === "assigned") await announceCase(c.env, { kind: "claimed", by: "counsellor", caseId: id });
    return back(c, id, result === "assigned" ? "ok" : "err", result);
  });

  staffOnly.post("/cases/:id/block", caseForm(blockForm), async (c) => {
    const id = caseIdOf(c);
    const db = createDb(c.env.DB);
    const refused = await refusal(db, id, c.get("staff"), "block");
    if (refused) return back(c, id, "err", refused);
    const { block } = c.req.valid("form");
    await setSeekerBlocked(db, id, block, now());
    return back(c, id, "ok", block ? "blocked" : "unblocked");
  });

  staffOnly.post("/cases/:id/labels", caseForm(labelsForm), async (c) => {
    const id = caseIdOf(c);
    const db = createDb(c.env.DB);
    const refused = await refusal(db, id, c.get("staff"), "label");
    if (refused) return back(c, id, "err", refused);
    await setLabels(db, id, c.req.valid("form").labels);
    return back(c, id, "ok", "labels");
  });

  staffOnly.post("/cases/:id/notes", caseForm(noteForm), async (c) => {
    const id = caseIdOf(c);
    const db = createDb(c.env.DB);
    const refused = await refusal(db, id, c.get("staff"), "note");
    if (refused) return back(c, id, "err", refused);
    await addNote(db, id, c.get("staff").id, c.req.valid("form").text, now());
    return back(c, id, "ok", "note");
  });

  staffOnly.post("/cases/:id/close", caseForm(closeForm), async (c) => {
    const id = caseIdOf(c);
    const staff = c.get("staff");
    const db = createDb(c.env.DB);
    const refused = await refusal(db, id, staff, "close");
    if (refused) return back(c, id, "err", refused);
    const { outcome } = c.req.valid("form");
    await closeCase({ env: c.env, db }, { caseId: id, counsellorId: staff.id, isAdmin: staff.isAdmin, outcome });
    return back(c, id, "ok", "closed");
  });

  staffOnly.post("/cases/:id/spam", caseForm(blockForm), async (c) => {
    const id = caseIdOf(c);
    const staff = c.get("staff");
    const db = createDb(c.env.DB);
    // Marking spam closes the case (the close rule); blocking too needs the block rule.
    const { block } = c.req.valid("form");
    const refused = (await refusal(db, id, staff, "close")) ?? (block ? await refusal(db, id, staff, "block") : undefined);
    if (refused) return back(c, id, "err", refused);
    await markSpam({ env: c.env, db }, { caseId: id, counsellorId: staff.id, block });
    return back(c, id, "ok", block ? "spam-blocked" : "spam");
  });

  staffOnly.get("/cek-lowongan", vValidator("query", scamChecksQuery), async (c) => {
    const { verdict, before } = c.req.valid("query");
    const db = createDb(c.env.DB);
    const [page, [content, listings]] = await Promise.all([
      listScamChecks(db, { ...(verdict ? { verdict } : {}), ...(before !== undefined ? { before } : {}) }, now() - SCAM_COUNT_DAYS * DAY_MS),
      contentOf(c.env).then(async (content) => [content, await listingsOf(c.env, content, true)] as const),
    ]);
    const labels = new Map((content.scam?.flags ?? []).map((f) => [f.id, f.label]));
    const titles = new Map((listings?.vacancies ?? []).map((v) => [v.slug, `${v.company} — ${v.position}`]));
    return c.html(
      <ScamChecksPage
        staff={c.get("staff")}
        rows={page.rows}
        counts={page.counts}
        verdict={verdict}
        before={page.before}
        paged={before !== undefined}
        vacancyTitle={(slug) => titles.get(slug)}
        clock={clockFrom(c.env)}
        flagLabel={(id) => labels.get(id)}
      />,
    );
  });

  staffOnly.get("/belum-terjawab", vValidator("query", unansweredQuery), async (c) => {
    // Out-of-range or malformed values fall back to the defaults rather than failing.
    const { days, before } = c.req.valid("query");
    const [page, content] = await Promise.all([
      listUnanswered(createDb(c.env.DB), { since: now() - days * DAY_MS, ...(before ? { before } : {}) }),
      contentOf(c.env),
    ]);
    return c.html(
      <UnansweredPage
        staff={c.get("staff")}
        rows={page.rows}
        suggest={(text) => contohSuggestion(content.index, text)}
        days={days}
        before={page.before}
        paged={before !== undefined}
        readmeUrl={contentReadmeUrl()}
        clock={clockFrom(c.env)}
      />,
    );
  });

  staffOnly.get("/konten", async (c) => {
    const content = await contentOf(c.env);
    const [listings, liveAt] = await Promise.all([listingsOf(c.env, content, true), liveAtOf(c.env, content.version)]);
    const at = now();
    const clock = clockFrom(c.env);
    const today = officeDate(at, clock);
    const open = (l: { deadline: string }) => l.deadline >= today;
    const vacancies = (listings?.vacancies ?? []).filter(open);
    const trainings = (listings?.trainings ?? []).filter(open);
    const scamRules: ScamRuleSummary[] = (content.scam?.flags ?? []).map((f) => ({ id: f.id, title: f.title, mustFlag: f.examples.hit, mustNotFlag: f.examples.safe }));
    return c.html(
      <ContentPage
        staff={c.get("staff")}
        version={content.version}
        {...(content.builtAt ? { builtAt: content.builtAt } : {})}
        {...(liveAt ? { liveAt } : {})}
        today={today}
        formatInstant={(iso) => formatTime(Date.parse(iso), clock)}
        topics={Object.keys(content.topics).length}
        vacancies={vacancies.length}
        trainings={trainings.length}
        report={contentReport(Object.values(content.topics), { vacancies, trainings }, today)}
        scamRules={scamRules}
      />,
    );
  });

  staffOnly.get("/stats", vValidator("query", rangeQuery), async (c) => {
    const clock = clockFrom(c.env);
    const at = now();
    const { range, input, error } = rangeOf(c.req.valid("query"), at, clock);
    const [stats, topicTitle] = await Promise.all([loadStats(createDb(c.env.DB), range, clock), topicTitles(c.env)]);
    return c.html(<StatsPage staff={c.get("staff")} stats={stats} input={input} topicTitle={topicTitle} now={at} clock={clock} error={error} />);
  });

  staffOnly.get("/stats/:file{[a-z]+\\.svg}", vValidator("query", rangeQuery), async (c) => {
    const name = c.req.param("file").replace(/\.svg$/, "");
    if (!(CHART_NAMES as readonly string[]).includes(name)) throw new HTTPException(404, { message: errorMessages.notFound });
    const clock = clockFrom(c.env);
    const { range } = rangeOf(c.req.valid("query"), now(), clock);
    const [stats, topicTitle] = await Promise.all([loadStats(createDb(c.env.DB), range, clock), topicTitles(c.env)]);
    const node = chart(name as ChartName, stats, topicTitle) as { toString(): string | Promise<string> };
    const svg = await node.toString();
    return c.body(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
  });

  staffOnly.get("/export.csv", vValidator("query", rangeQuery), async (c) => {
    const clock = clockFrom(c.env);
    const query = c.req.valid("query");
    const { range, input } = rangeOf(query, now(), clock);
    const delimiter = query.sep === "comma" ? "," : ";";
    const db = createDb(c.env.DB);
    const topicTitle = await topicTitles(c.env);
    let after = 0;
    let started = false;
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(CSV_BOM + csvRow(exportHeader(clock), delimiter)));
        }
        const rows = await exportPage(db, range, after);
        if (rows.length > 0) {
          after = rows.at(-1)!.id;
          controller.enqueue(encoder.encode(rows.map((r) => csvRow(exportCells(r, clock, topicTitle), delimiter)).join("")));
        }
        if (rows.length < 500) controller.close();
      },
    });
    return c.body(stream, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="binjol-kasus-${input.from}-${input.to}.csv"`,
    });
  });

  staffOnly.all("*", () => {
    throw new HTTPException(404, { message: errorMessages.notFound });
  });

  app.route("/", staffOnly);
  app.onError((err, c) => errorPage(err, c as AdminContext));
  return app;
}

function asset(c: AdminContext, body: string, type: string) {
  // Pages link assets with ?v=<content hash>, so a long cache is safe.
  return c.body(body, 200, { "Content-Type": type, "Cache-Control": "public, max-age=31536000, immutable" });
}

function loginPage(c: AdminContext, status: 200 | 401 | 403 | 429, props: { error?: string; info?: string; email?: string; next?: string }) {
  const csrf = randomToken();
  setCookie(c, LOGIN_COOKIE, csrf, { prefix: "host", path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: 3600 });
  return c.html(<LoginPage csrf={csrf} {...props} />, status);
}

/** The case id of a /cases/:id route; anything but up to 12 digits is "not found". */
function caseIdOf(c: AdminContext): number {
  const parsed = v.safeParse(caseParam, { id: c.req.param("id") });
  if (!parsed.success) throw new HTTPException(404, { message: errorMessages.notFound });
  return parsed.output.id;
}

/**
 * A case form's schema: an invalid form goes back to the case with the schema's notice key (strings.ts `notices`),
 * as the dashboard's other refusals do.
 */
function caseForm<S extends v.GenericSchema>(schema: S) {
  return vValidator("form", schema, (issues, c: AdminContext) => {
    const key = issues[0]?.message ?? "";
    return back(c, caseIdOf(c), "err", Object.hasOwn(notices, key) ? key : "bad-request");
  });
}

/** 415 for a post that is not a form (the validator would read it as an empty one). */
const formOnly: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(c.req.header("content-type") ?? "")) {
    throw new HTTPException(415, { message: errorMessages.badRequest });
  }
  await next();
};

async function existingCase(db: Db, id: number) {
  const state = await caseState(db, id);
  if (!state) throw new HTTPException(404, { message: errorMessages.notFound });
  return state;
}

/** Why `staff` may not do `action` to the case (policy.ts, the same rule as the staff group); 404 when there is no case. */
async function refusal(db: Db, id: number, staff: Staff, action: CaseAction): Promise<CaseRefusal | undefined> {
  const access = await accessFor(db, id, action);
  if (!access) throw new HTTPException(404, { message: errorMessages.notFound });
  return caseRefusal(staff, access, action);
}

function back(c: AdminContext, id: number, kind: "ok" | "err", key: string, anchor?: string) {
  return c.redirect(`${BASE}/cases/${id}?${kind}=${encodeURIComponent(key)}${anchor ? `#${anchor}` : ""}`, 303);
}

function noticeOf(q: { ok?: string | undefined; err?: string | undefined }): { kind: "ok" | "err"; text: string } | undefined {
  if (q.err && Object.hasOwn(notices, q.err)) return { kind: "err", text: notices[q.err]! };
  if (q.ok && Object.hasOwn(notices, q.ok)) return { kind: "ok", text: notices[q.ok]! };
  return undefined;
}

/** When the live content version was written to KV (the deploy's metadata), from a key listing that reads no value. */
async function liveAtOf(env: CounsellorBindings, version: string): Promise<string | undefined> {
  try {
    const { keys } = await env.CONTENT.list<{ version?: string; liveAt?: string }>({ prefix: CONTENT_KEY, limit: 1 });
    const meta = keys.find((k) => k.name === CONTENT_KEY)?.metadata;
    return meta?.version === version && typeof meta.liveAt === "string" ? meta.liveAt : undefined;
  } catch {
    return undefined;
  }
}

async function contentOf(env: CounsellorBindings): Promise<ContentBundle> {
  return (await loadContent(env.CONTENT)) ?? fallbackBundle();
}

/**
 * The listings of the current content, or undefined when KV fails (pages then show bare codes and slugs); with
 * `details`, every listing's detail fields too (slugs, for pages that list every listing by file).
 */
async function listingsOf(env: CounsellorBindings, content: ContentBundle, details = false): Promise<Listings | undefined> {
  try {
    const listings = await loadListings(env.CONTENT, content);
    if (details && listings instanceof StoredListings) await listings.loadAllDetails();
    return listings;
  } catch (err) {
    log("warn", "dashboard listings unavailable", { error: err instanceof Error ? err.name : "unknown" });
    return undefined;
  }
}

/** "Kanigoro, Kabupaten Blitar" for a kecamatan code, "Kabupaten Blitar" for a kabupaten code. */
function placeName(places: Listings["places"], code: string): string | undefined {
  const exact = places.find((p) => p.code === code);
  if (exact) return `${exact.kecamatan}, ${exact.kabupaten}`;
  return places.find((p) => p.code.startsWith(`${code}.`))?.kabupaten;
}

function titleFn(content: ContentBundle): (id: string) => string {
  return (id) => (content.version !== "fallback" && isTopicId(id) ? content.topics[id as TopicId]?.title : undefined) ?? id;
}

async function topicTitles(env: CounsellorBindings): Promise<(id: string) => string> {
  return titleFn(await contentOf(env));
}

/** The date range of a statistics or export request: ?from=YYYY-MM-DD&to=YYYY-MM-DD (office dates, inclusive). */
function rangeOf(
  query: { from?: string | undefined; to?: string | undefined },
  at: number,
  clock: OfficeClock,
): { range: { from: number; to: number }; input: { from: string; to: string }; error?: string } {
  const today = clock.day(at);
  const fallback = { from: dayIso(today - 29), to: dayIso(today) };
  const { from: fromRaw, to: toRaw } = query;
  let input = { from: fromRaw ?? fallback.from, to: toRaw ?? fallback.to };
  let error: string | undefined;
  let from = parseDay(input.from, clock);
  let to = parseDay(input.to, clock);
  if (from === undefined || to === undefined || to < from || (to - from) / DAY_MS >= MAX_RANGE_DAYS) {
    if (fromRaw !== undefined || toRaw !== undefined) error = `Periode tidak valid. Pilih tanggal awal sebelum tanggal akhir, paling lama ${MAX_RANGE_DAYS} hari.`;
    input = fallback;
    from = parseDay(fallback.from, clock)!;
    to = parseDay(fallback.to, clock)!;
  }
  return { range: { from, to: to + DAY_MS }, input, ...(error ? { error } : {}) };
}

/** The CSV columns; times are office times, named by the zone. */
const exportHeader = (clock: OfficeClock) => [
  "ID kasus",
  `Dibuat (${clock.zone})`,
  "Kanal",
  "Topik",
  "Status",
  "Petugas",
  "Label",
  intakeLabels.need!,
  intakeLabels.education!,
  intakeLabels.kecamatan!,
  `Diambil (${clock.zone})`,
  "Menit sampai balasan pertama",
  `Ditutup (${clock.zone})`,
  "Hasil",
  "Penilaian (1-5)",
];

function exportCells(r: Awaited<ReturnType<typeof exportPage>>[number], clock: OfficeClock, topicTitle: (id: string) => string) {
  return [
    r.id,
    isoLocal(r.createdAt, clock),
    channelLabels[r.channel] ?? r.channel,
    r.topic ? topicTitle(r.topic) : null,
    statusLabels[r.status] ?? r.status,
    r.assignedName,
    r.labels.join(", "),
    r.intake.need,
    r.intake.education,
    r.intake.kecamatan,
    r.claimedAt ? isoLocal(r.claimedAt, clock) : null,
    r.firstReplyAt ? Math.round((r.firstReplyAt - r.createdAt) / 60_000) : null,
    r.closedAt ? isoLocal(r.closedAt, clock) : null,
    r.outcome ? (outcomeLabels[r.outcome] ?? r.outcome) : null,
    r.rating,
  ];
}

function tooLarge(): never {
  throw new HTTPException(413, { message: errorMessages.badRequest });
}

function errorPage(err: Error, c: AdminContext) {
  if (err instanceof CaseError) {
    // Another counsellor closed the case a moment ago, or it was deleted on the seeker's request.
    const id = Number(c.req.param("id"));
    if (err.status === 403 && Number.isInteger(id)) return back(c, id, "err", "not-yours");
    if (err.status === 409 && Number.isInteger(id)) return back(c, id, "err", "not-active");
    return c.html(<MessagePage title="Tidak ditemukan" text={errorMessages.notFound} link={{ href: BASE, label: "Kembali ke kotak masuk" }} />, 404);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const title = status === 404 ? "Tidak ditemukan" : status === 403 ? "Ditolak" : "Permintaan tidak valid";
    return c.html(<MessagePage title={title} text={err.message || errorMessages.badRequest} link={{ href: BASE, label: "Kembali ke kotak masuk" }} />, status);
  }
  log("error", "dashboard error", { requestId: c.get("requestId"), path: c.req.path, error: err.name, message: err.message.slice(0, 200) });
  return c.html(<MessagePage title="Terjadi kesalahan" text={errorMessages.internal} link={{ href: BASE, label: "Kembali ke kotak masuk" }} />, 500);
}
