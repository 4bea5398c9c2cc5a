/**
 * The messages widget.js (on the host page) and the chat frame (on the Worker's origin) exchange with postMessage.
 * They carry only UI state: never the session token, never message text. The host can ask the frame to open or
 * close; the frame tells the host when the visitor closed it and how many replies are unread.
 */

/** Path of the chat frame's page (served by the Worker with a computed frame-ancestors). */
export const FRAME_PATH = "/widget/frame";

/** Host → frame. "hello" starts the handshake: the frame answers only to the origin that sent it. */
export type ToFrame = { t: "hello" } | { t: "open"; focus: boolean; touch: boolean } | { t: "close" };

/** Frame → host. */
export type ToHost = { t: "ready"; open: boolean; unread: number } | { t: "close" } | { t: "unread"; n: number };

/** Every message carries this tag, so unrelated messages on the page are ignored. */
export const TAG = "binjol/1";

/** The message to post: a plain object with the tag. */
export const wrap = <T extends ToFrame | ToHost>(m: T): T & { tag: string } => ({ tag: TAG, ...m });

/** The payload of a message event, if it is ours; the caller checks source and origin first. */
export function unwrap<T extends ToFrame | ToHost>(data: unknown): T | null {
  if (!data || typeof data !== "object" || (data as { tag?: unknown }).tag !== TAG) return null;
  return typeof (data as { t?: unknown }).t === "string" ? (data as T) : null;
}

/** An unread count from the frame, clamped to 0..99 (anything else is 0). */
export const count = (n: unknown): number => (typeof n === "number" && n > 0 ? Math.min(Math.floor(n), 99) : 0);
