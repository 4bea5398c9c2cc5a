/** The web-chat session, kept in the chat frame's localStorage (the Worker's origin, never the host page's), and whether the panel was open, per tab. */

/** Credentials returned by POST /api/webchat/sessions. */
export interface Session {
  sessionId: string;
  token: string;
  /** id of the automatic first "menu" message, hidden when the history is restored */
  greeting?: number;
}

/** Storage scoped to one API origin; every access survives disabled or full storage. */
export function createStorage(api: string) {
  const key = `binjol.webchat.v1:${api}`;
  const get = (store: () => Storage, k: string): string | null => {
    try {
      return store().getItem(k);
    } catch {
      return null;
    }
  };
  const set = (store: () => Storage, k: string, value: string | null): void => {
    try {
      if (value === null) store().removeItem(k);
      else store().setItem(k, value);
    } catch {
      // private mode or quota: the chat still works for this page view
    }
  };
  const local = () => localStorage;
  const tab = () => sessionStorage;
  return {
    /** the stored session, or null */
    load(): Session | null {
      try {
        const s = JSON.parse(get(local, key) ?? "null") as Session | null;
        return s && typeof s.token === "string" && typeof s.sessionId === "string" ? s : null;
      } catch {
        return null;
      }
    },
    save(session: Session | null): void {
      set(local, key, session && JSON.stringify({ sessionId: session.sessionId, token: session.token, greeting: session.greeting }));
    },
    /** true when the panel was open in this tab before a reload or navigation */
    wasOpen(): boolean {
      return get(tab, `${key}:open`) === "1";
    },
    setOpen(open: boolean): void {
      set(tab, `${key}:open`, open ? "1" : null);
    },
  };
}

/** The storage object of one widget. */
export type WidgetStorage = ReturnType<typeof createStorage>;
