/**
 * Live delivery in the chat frame: while the panel is open, a WebSocket to the conversation's room (src/live/) says
 * when a reply was stored, and the frame reads it through the history API at once. The token goes in the socket's
 * first message, never in the URL. A socket that cannot be opened or keeps dropping leaves the polling in charge.
 * Also: the id of the last message the visitor saw, so a page loaded with the panel closed can ask once whether
 * replies are waiting (the unread badge).
 */

/** Socket attempts in a row that may fail before the frame keeps to polling for this page view. */
const MAX_FAILURES = 3;

/** The live socket of one frame. */
export function createLive(api: string, onNew: () => void) {
  let ws: WebSocket | null = null;
  let up = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** the socket should be open (panel open, session known) */
  let wanted: { sessionId: string; token: string; last: () => number } | null = null;

  function open(): void {
    clearTimeout(timer);
    const w = wanted;
    if (!w || ws || failures >= MAX_FAILURES || typeof WebSocket !== "function") return;
    let s: WebSocket;
    try {
      s = new WebSocket(`${api.replace(/^http/, "ws")}/api/webchat/live/${w.sessionId}`);
    } catch {
      failures = MAX_FAILURES;
      return;
    }
    ws = s;
    s.onopen = () => s.send(JSON.stringify({ t: "hello", token: w.token, last: w.last() }));
    s.onmessage = (e) => {
      let m: { t?: string; latest?: number } | null = null;
      try {
        m = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (m?.t === "ready") {
        up = true;
        failures = 0;
        // a push missed while the socket was closed: D1 has it, the history API brings it
        if ((m.latest ?? 0) > w.last()) onNew();
      } else if (m?.t === "new") onNew();
    };
    s.onclose = (e) => {
      if (ws !== s) return;
      ws = null;
      const wasUp = up;
      up = false;
      // refused token (4401) or a bad hello (4400): polling will notice the session problem
      if (e.code === 4401 || e.code === 4400 || !wasUp) failures++;
      if (wanted && failures < MAX_FAILURES) timer = setTimeout(open, wasUp ? 1_000 : 3_000 * failures);
    };
  }

  return {
    /** keep a socket open for this session (idempotent) */
    start(sessionId: string, token: string, last: () => number): void {
      if (wanted && wanted.token === token) return open();
      stop();
      wanted = { sessionId, token, last };
      open();
    },
    /** close it (panel closed, session forgotten) */
    stop,
    /** the socket is open and its hello was accepted: polling can slow down */
    isUp: () => up,
  };

  function stop(): void {
    wanted = null;
    clearTimeout(timer);
    const s = ws;
    ws = null;
    up = false;
    if (s) {
      try {
        s.close(1000, "closed");
      } catch {
        // already closing
      }
    }
  }
}

/** The live socket of one frame. */
export type Live = ReturnType<typeof createLive>;

/** The id of the last message the visitor saw with the panel open (0 when unknown), kept per API origin. */
export function lastSeen(api: string): number {
  try {
    return Number(localStorage.getItem(`binjol.webchat.v1:${api}:seen`)) || 0;
  } catch {
    return 0;
  }
}

/** Remember the last message the visitor saw. */
export function markSeen(api: string, id: number): void {
  try {
    if (id > lastSeen(api)) localStorage.setItem(`binjol.webchat.v1:${api}:seen`, String(id));
  } catch {
    // storage disabled: the badge after a reload is not shown
  }
}
