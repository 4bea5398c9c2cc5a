/** Typed failures of the core; the HTTP layer maps them to responses in one place (app.ts). */

/** Another request is handling the same inbound message right now; the sender should retry later. */
export class InFlightError extends Error {
  override readonly name = "InFlightError";
  readonly dedupeKey: string;
  constructor(dedupeKey: string) {
    super(`inbound ${dedupeKey} is being handled by another request`);
    this.dedupeKey = dedupeKey;
  }
}

/** No reply could be delivered for a transient reason; the sender should retry the inbound message. */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, retryAfterSeconds?: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The database failed; nothing half-written stays (each write is one atomic batch), so a retry is safe. */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(cause: unknown) {
    super(`storage failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Errors that mean "try this inbound message again later" rather than "this message cannot be handled". */
export function isRetryable(err: unknown): boolean {
  return err instanceof StorageError || err instanceof InFlightError || err instanceof DeliveryError;
}

/** The caller's credentials do not match (web-chat token); nothing was written. */
export class UnauthorizedError extends Error {
  override readonly name = "UnauthorizedError";
  constructor(message = "missing or invalid session token") {
    super(message);
  }
}
