/** A grammY API transformer that retries 429 and 5xx/network failures a bounded number of times. */
import { HttpError, type Transformer } from "grammy";

/** Retry options: at most `attempts` tries and never a wait over `maxDelaySeconds`. */
export interface RetryOptions {
  attempts: number;
  maxDelaySeconds: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Create the transformer; a 429 whose retry_after exceeds the bound fails at once so the caller can decide. */
export function boundedRetry(opts: RetryOptions): Transformer {
  const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  return async (prev, method, payload, signal) => {
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const res = await prev(method, payload, signal);
        if (res.ok || attempt >= opts.attempts) return res;
        const retryAfter = res.parameters?.retry_after;
        if (res.error_code === 429 && retryAfter !== undefined && retryAfter <= opts.maxDelaySeconds) {
          await sleep(retryAfter * 1000);
          continue;
        }
        if (res.error_code >= 500) {
          await sleep(250 * attempt);
          continue;
        }
        return res;
      } catch (err) {
        if (!(err instanceof HttpError) || attempt >= opts.attempts) throw err;
        await sleep(250 * attempt);
      }
    }
  };
}
