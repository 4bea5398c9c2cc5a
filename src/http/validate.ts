/**
 * Schemas at the HTTP edges: hono's `validator` with a valibot schema. A failure is an `InvalidInput` (400), which
 * the app's one error mapping (app.ts `onError`) answers as `{ error, issues }`; the dashboard may answer otherwise.
 */
import type { Context, Env, MiddlewareHandler, ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import { validator } from "hono/validator";
import * as v from "valibot";

/** One reason an input was refused: where (a dot path, "" for the whole input) and why. */
export interface InputIssue {
  path: string;
  message: string;
}

/** The request's input does not match its schema; `message` is the first reason, `issues` all of them. */
export class InvalidInput extends HTTPException {
  /** every reason, in the schema's order */
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(400, { message: issues[0]?.message ?? "invalid input" });
    this.issues = issues;
  }
}

/** The issues of a failed parse as plain `{ path, message }` pairs (at most 10; input values are never echoed). */
export function issuesOf(issues: readonly v.BaseIssue<unknown>[]): InputIssue[] {
  return issues.slice(0, 10).map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message }));
}

/** Parse `value` with `schema`; throws InvalidInput on failure. */
export function parseInput<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new InvalidInput(issuesOf(result.issues));
  return result.output;
}

/** What to answer instead of a 400 when the input is invalid (the dashboard redirects with a notice). */
export type OnInvalid<E extends Env> = (issues: InputIssue[], c: Context<E>) => Response | Promise<Response>;

/**
 * A validator middleware for one target (`query`, `form`, `param`, `json`, ...): `c.req.valid(target)` is then the
 * schema's output. Without `onInvalid` a failure throws InvalidInput.
 */
export function vValidator<T extends keyof ValidationTargets, S extends v.GenericSchema, E extends Env = any, P extends string = string>(
  target: T,
  schema: S,
  onInvalid?: OnInvalid<E>,
) {
  return validator(target, async (value, c: Context<E, P>) => {
    const result = v.safeParse(schema, value);
    if (result.success) return result.output as v.InferOutput<S>;
    const issues = issuesOf(result.issues);
    if (onInvalid) return onInvalid(issues, c as Context<E>) as Promise<never>;
    throw new InvalidInput(issues);
  }) as unknown as MiddlewareHandler<E, P, { in: { [K in T]: v.InferInput<S> }; out: { [K in T]: v.InferOutput<S> } }>;
}

/** Options of a JSON body. */
export interface JsonOptions {
  /** refuse other media types with 415 (webhooks whose sender is known may skip this) */
  requireJsonType?: boolean;
  /** the reason given for a body that is valid JSON but not an object */
  notAnObject?: string;
}

/**
 * A JSON body validated by `schema`: 415 for another media type (when required), 400 "the body is not valid JSON",
 * then the schema. Reads the body as text once (hono caches it), whatever the Content-Type says.
 */
export function vJson<S extends v.GenericSchema, E extends Env = any, P extends string = string>(schema: S, options: JsonOptions = {}) {
  const check: MiddlewareHandler = validator("json", async (_value, c) => parseInput(schema, await readJson(c, options)) as unknown);
  const middleware: MiddlewareHandler<E, P> = async (c, next) => {
    if (options.requireJsonType && !/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
      throw new HTTPException(415, { message: "send JSON with Content-Type: application/json" });
    }
    await readJson(c, options);
    return check(c, next);
  };
  return middleware as unknown as MiddlewareHandler<E, P, { in: { json: v.InferInput<S> }; out: { json: v.InferOutput<S> } }>;
}

async function readJson(c: Context, options: JsonOptions): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(await c.req.text());
  } catch {
    throw new InvalidInput([{ path: "", message: "the body is not valid JSON" }]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidInput([{ path: "", message: options.notAnObject ?? "the body must be a JSON object" }]);
  }
  return value;
}
