/** Client of the web-chat API (POST sessions, POST/GET messages); every failure becomes an ApiError. */
import type { Session } from "./storage.ts";

/** A quick-reply button. */
export interface Button {
  label: string;
  action: string;
}

/** One message as GET /api/webchat/messages returns it. */
export interface WireMessage {
  id: number;
  direction: "in" | "out";
  sender: "seeker" | "bot" | "counsellor";
  text: string;
  html?: string;
  topic?: string;
  buttons?: Button[];
  createdAt?: number;
  /** the display name of the counsellor who wrote it */
  counsellor?: string;
  /** the file the visitor sent with it */
  file?: Pick<StoredFile, "name" | "type" | "size">;
}

/** One reply as POST /api/webchat/messages returns it. */
export interface WireReply {
  id: number;
  topic?: string;
  text: string;
  html?: string;
  buttons?: Button[];
}

/** A file the server stored: its cleaned name, the type read from its bytes, its size in bytes. */
export interface StoredFile {
  id: number;
  name: string;
  type: string;
  size: number;
}

/** A channel the conversation can continue on. */
export type Channel = "telegram" | "whatsapp";

/** What the visitor sends: typed text or a button's action. */
export type Outgoing = { text: string } | { action: string };

/** A failed request: status 0 for the network (offline, timeout), else the HTTP status. */
export class ApiError extends Error {
  status: number;
  /** seconds from Retry-After, when the server sent one */
  retryAfter: number;
  constructor(status: number, message: string, retryAfter = 0) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

const TIMEOUT_MS = 30_000;
/** A 5 MB file on a slow phone link takes minutes. */
const UPLOAD_MS = 300_000;

/** Build the client for the Worker at `base` (an origin). */
export function createApi(base: string) {
  async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    const raw = body instanceof Blob;
    if (body !== undefined) headers["Content-Type"] = raw ? "application/octet-stream" : "application/json";
    const abort = typeof AbortController === "function" ? new AbortController() : undefined;
    const timer = setTimeout(() => abort?.abort(), raw ? UPLOAD_MS : TIMEOUT_MS);
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
        signal: abort?.signal,
      });
    } catch (e) {
      throw new ApiError(0, String(e));
    } finally {
      clearTimeout(timer);
    }
    let data: unknown = null;
    try {
      data = await res.json();
    } catch {
      // not JSON: judged by the status alone
    }
    if (!res.ok) {
      const reason = (data as { error?: string } | null)?.error ?? res.statusText;
      throw new ApiError(res.status, reason, Number(res.headers.get("Retry-After")) || 0);
    }
    return data as T;
  }

  return {
    /** start an anonymous session */
    createSession: () => call<Session>("POST", "/api/webchat/sessions", undefined, {}),
    /** send one message; `clientMessageId` makes a retry of the same message idempotent */
    send: (token: string, message: Outgoing, clientMessageId: string) =>
      call<{ messageId: number; replies: WireReply[] }>("POST", "/api/webchat/messages", token, { ...message, clientMessageId }),
    /** send a file (its bytes as the body); the server reads its type from the bytes */
    upload: (token: string, file: File, clientMessageId: string) =>
      call<{ messageId: number; replies: WireReply[]; file?: StoredFile }>("POST", `/api/webchat/files?${new URLSearchParams({ name: file.name || "berkas", clientMessageId })}`, token, file),
    /** the channels this office offers to continue on ("telegram", "whatsapp") */
    channels: () => call<{ channels: Channel[] }>("GET", "/api/webchat/continue"),
    /** a one-time code and the deep link that carries it to `channel` */
    continueOn: (token: string, channel: Channel) => call<{ code: string; url: string }>("POST", "/api/webchat/continue", token, { channel }),
    /** the visitor's messages and all replies with id > after, oldest first */
    since: (token: string, after: number) =>
      call<{ messages: WireMessage[] }>("GET", `/api/webchat/messages?after=${after}`, token),
  };
}

/** The client of one widget. */
export type Api = ReturnType<typeof createApi>;
