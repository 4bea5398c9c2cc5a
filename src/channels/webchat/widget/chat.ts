/** The conversation controller: session, outbox with idempotent retries, history after a reload, polling. */
import { ApiError, createApi, type Button, type Channel, type Outgoing, type StoredFile, type WireMessage, type WireReply } from "./api.ts";
import type { Config } from "./config.ts";
import { createLive, lastSeen, markSeen } from "./live.ts";
import type { ToHost } from "./protocol.ts";
import { createStorage } from "./storage.ts";
import { S } from "./strings.ts";
import { createView, type From } from "./view.ts";

/** A message waiting to be sent; its clientMessageId is reused on every retry. */
interface Pending {
  id: string;
  /** typed text, a button's action, or a file */
  body: Outgoing | { file: File };
  /** the visitor's bubble; null for the automatic first "menu" */
  el: HTMLElement | null;
}

/** Messages per history page (the API's PAGE_SIZE); a full page means more may follow. */
const PAGE = 100;
const POLL_MIN = 3_000;
const POLL_MAX = 30_000;
const POLL_MAX_ON_ERROR = 60_000;
/** While the live socket is up, polling only catches what a push missed, this often. */
const POLL_LIVE = 15_000;
/** While the panel is closed, replies are looked for this often (for the unread badge). */
const POLL_CLOSED = 30_000;

const clientId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Run the chat inside the frame. `tell` reaches the host page (UI state only: open/closed, unread count);
 * `embedded` is false when the frame's page is opened on its own.
 */
export function mount(cfg: Config, tell: (m: ToHost) => void, embedded: boolean) {
  const api = createApi(cfg.api);
  const store = createStorage(cfg.api);
  const view = createView(cfg, { toggle, submit, press, retry, restart, continueOn, attach }, embedded);
  let session = store.load();
  const seen = new Set<number>();
  let last = 0;
  const outbox: Pending[] = [];
  /** one request at a time, so a poll never races a send */
  let busy = false;
  let started = false;
  /** the stored session's history has been shown */
  let restored = !session;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = POLL_MIN;
  let relogins = 0;
  /** replies that arrived while the panel was closed */
  let unread = 0;
  /** a push arrived while a request was running: poll right after it */
  let pushed = false;
  const live = createLive(cfg.api, () => {
    pushed = true;
    if (!busy) void poll();
  });

  /** Render messages not shown yet; returns the first new element. */
  function render(messages: Array<WireMessage | WireReply>, from?: From): HTMLElement | undefined {
    let first: HTMLElement | undefined;
    for (const m of messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      last = Math.max(last, m.id);
      if (m.id === session?.greeting) continue;
      const wire = m as WireMessage;
      const who: From = from ?? (wire.direction === "in" ? "me" : wire.sender === "counsellor" ? "counsellor" : "bot");
      const el = view.add({ from: who, text: m.text, html: m.html, buttons: m.buttons, at: wire.createdAt, name: wire.counsellor, file: wire.file });
      if (who !== "me" && !view.isOpen()) tell({ t: "unread", n: ++unread });
      first ??= el;
    }
    if (view.isOpen()) markSeen(cfg.api, last);
    return first;
  }

  const enqueue = (body: Pending["body"], el: HTMLElement | null) => {
    outbox.push({ id: clientId(), body, el });
    void pump();
  };

  const forget = () => {
    session = null;
    store.save(null);
    restored = true;
  };

  /** Send the outbox in order (after restoring history when needed); one failure stops the queue. */
  async function pump(): Promise<void> {
    if (busy) return;
    if (!outbox.length && restored) return schedule();
    if (navigator.onLine === false) return failed(new ApiError(0, "offline"), !restored);
    busy = true;
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    let restoring = false;
    try {
      if (!restored && session) {
        restoring = true;
        view.notice(S.loading);
        let messages: WireMessage[];
        do {
          messages = (await api.since(session.token, last)).messages;
          render(messages);
        } while (messages.length >= PAGE);
        restored = true;
        restoring = false;
        view.reveal();
        view.notice(null);
        if (!last && !outbox.length) outbox.push({ id: clientId(), body: { action: "menu" }, el: null });
      }
      while (outbox.length) {
        const item = outbox[0]!;
        view.typing(true);
        if (!session) {
          session = await api.createSession();
          store.save(session);
        }
        const body = item.body;
        const res = "file" in body ? await api.upload(session.token, body.file, item.id) : await api.send(session.token, body, item.id);
        outbox.shift();
        relogins = 0;
        if (item.el) view.mark(item.el, "");
        const stored = (res as { file?: StoredFile }).file;
        if (item.el && stored) view.file(item.el, stored);
        else if (!session.greeting) {
          session.greeting = res.messageId;
          store.save(session);
        }
        seen.add(res.messageId);
        last = Math.max(last, res.messageId);
        const first = render(res.replies, "bot");
        if (first) view.reveal(first);
        view.notice(null);
        delay = POLL_MIN;
      }
    } catch (e) {
      busy = false;
      view.typing(false);
      return failed(e instanceof ApiError ? e : new ApiError(500, String(e)), restoring);
    }
    busy = false;
    view.typing(false);
    schedule();
  }

  /** Tell the visitor what went wrong and when it will be retried. */
  function failed(e: ApiError, restoring: boolean): void {
    const item = outbox[0];
    const unsent = () => {
      for (const p of outbox) if (p.el) view.mark(p.el, S.notSent);
    };
    if (e.status === 401 && relogins++ < 2) {
      // the session is gone (expired or deleted): start a new one, greeted like any new visitor
      forget();
      if (!last && !outbox.length) outbox.push({ id: clientId(), body: { action: "menu" }, el: null });
      return void pump();
    }
    const file = item && "file" in item.body;
    // a refused file (too big, wrong type, the day's limit): the server says why, in Indonesian
    if (!restoring && item && ([400, 413, 415, 422].includes(e.status) || (file && e.status === 429 && !e.retryAfter))) {
      outbox.shift();
      if (item.el) view.mark(item.el, S.failed);
      view.notice(file ? (e.status === 400 ? S.fileFailed : e.message) : e.status === 413 ? S.tooLong : S.invalid);
      return void pump();
    }
    if (e.status === 429) {
      unsent();
      view.notice(S.busy);
      retryTimer = setTimeout(() => void pump(), Math.max(e.retryAfter, 2) * 1000);
      return;
    }
    unsent();
    if (e.status === 0) view.notice(navigator.onLine === false ? S.offline : S.network, true);
    else view.notice(restoring ? S.history : S.server, true);
  }

  /** Poll for counsellor replies: while the panel is open with backoff, while it is closed every 30 s (the badge). */
  function schedule(): void {
    clearTimeout(pollTimer);
    // the live socket while the panel is open; polling stays as the fallback (slowly while the socket is up)
    if (session && restored && view.isOpen()) live.start(session.sessionId, session.token, () => last);
    else live.stop();
    if (!session || !restored || busy || outbox.length || document.hidden) return;
    const wait = pushed ? 0 : view.isOpen() ? (live.isUp() ? POLL_LIVE : delay) : Math.max(delay, POLL_CLOSED);
    pollTimer = setTimeout(poll, wait);
  }

  async function poll(): Promise<void> {
    if (busy || !session) return;
    busy = true;
    pushed = false;
    clearTimeout(pollTimer);
    try {
      const messages = (await api.since(session.token, last)).messages;
      const first = render(messages);
      if (first) view.reveal(first);
      delay = first ? POLL_MIN : Math.min(delay * 1.5, POLL_MAX);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) forget();
      delay = Math.max(Math.min(delay * 2, POLL_MAX_ON_ERROR), e instanceof ApiError ? e.retryAfter * 1000 : 0);
    }
    busy = false;
    void pump();
  }

  function toggle(open: boolean, byVisitor: boolean): void {
    store.setOpen(open);
    if (!open) {
      if (byVisitor) tell({ t: "close" });
      return schedule();
    }
    if (unread) tell({ t: "unread", n: (unread = 0) });
    if (restored) markSeen(cfg.api, last);
    if (!started) {
      started = true;
      // the channels this office offers to continue on; none (or an error) shows no button
      api.channels().then((r) => view.offer(r.channels), () => undefined);
      if (!session) outbox.push({ id: clientId(), body: { action: "menu" }, el: null });
      return void pump();
    }
    delay = POLL_MIN;
    void (outbox.length || !restored ? pump() : poll());
  }

  function submit(text: string): void {
    const el = view.add({ from: "me", text });
    view.reveal();
    enqueue({ text }, el);
  }

  /** A file from the attach button: shown at once; one over 5 MB is refused here, before its upload. */
  function attach(file: File): void {
    const el = view.add({ from: "me", text: file.name, file: { name: file.name, type: /\.(\w{1,5})$/.exec(file.name)?.[1] ?? "", size: file.size } });
    view.reveal();
    if (file.size > 5 * 1024 * 1024) {
      view.mark(el, S.failed);
      return view.notice(S.fileBig);
    }
    enqueue({ file }, el);
  }

  function press(button: Button): void {
    const el = view.add({ from: "me", text: button.label });
    view.reveal();
    enqueue({ action: button.action }, el);
  }

  /** Forget this device's session and start a new conversation (a shared phone); the server keeps the old one. */
  function restart(): void {
    // a request in flight belongs to the old conversation: let it finish first
    if (busy) return void setTimeout(restart, 200);
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
    outbox.length = 0;
    forget();
    seen.clear();
    last = 0;
    view.clear();
    enqueue({ action: "menu" }, null);
  }

  /** "Lanjutkan di ...": a one-time code for this conversation, shown with the link that carries it. */
  async function continueOn(channel: Channel): Promise<void> {
    if (!session || !last) return view.notice(S.codeFailed);
    try {
      const r = await api.continueOn(session.token, channel);
      view.link(channel, r.code, r.url);
    } catch {
      view.notice(S.codeFailed);
    }
  }

  function retry(): void {
    view.notice(null);
    void pump();
  }

  window.addEventListener("online", retry);
  window.addEventListener("offline", () => view.isOpen() && view.notice(S.offline, true));
  document.addEventListener("visibilitychange", () => {
    if (document.hidden || !view.isOpen()) return;
    delay = POLL_MIN;
    schedule();
  });

  if (!embedded || store.wasOpen()) view.open(false, false);
  else if (session) void waiting(session.token);

  /** A page loaded with the panel closed asks once whether replies came after the last one seen (the badge). */
  async function waiting(token: string): Promise<void> {
    const seenId = lastSeen(cfg.api);
    if (!seenId) return;
    try {
      const n = (await api.since(token, seenId)).messages.filter((m) => m.direction === "out").length;
      if (n && !view.isOpen() && !restored) tell({ t: "unread", n: (unread = n) });
    } catch {
      // no badge: the history is read when the panel opens
    }
  }

  return {
    isOpen: view.isOpen,
    /** the host page opened the frame */
    open: view.open,
    /** the host page closed the frame (its launcher) */
    close: () => view.close(false),
    /** replies that arrived while closed */
    unread: () => unread,
  };
}
