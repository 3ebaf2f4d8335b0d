/**
 * How filters and tests are registered: every function refuses an undefined argument
 * (StrictUndefined), except the few whose job is to look at one (default, defined...).
 * Names are also reachable by FQCN (ansible.builtin.x, ansible.utils.x...).
 */
import { isKwargs } from './args.js'
import type { Context } from './internals.js'
import { Undefined } from './undefined.js'

/** A filter: the piped value first, then the call's arguments (keywords last, marked). */
export type FilterFn = (this: Context, value: unknown, ...args: unknown[]) => unknown
/** Filters by name. */
export type FilterTable = Record<string, FilterFn>
/** A Jinja test; returns a boolean. */
export type TestFn = (this: Context, value: unknown, ...args: unknown[]) => boolean
/** Tests by name. */
export type TestTable = Record<string, TestFn>

/** Collection prefixes that name the same filters and tests as the short names. */
export const FQCN_PREFIX = /^(?:ansible\.(?:builtin|utils|netcommon)|community\.general)\./

/** Throws the first Undefined among args (and keyword values). */
export function rejectUndefined(args: readonly unknown[]): void {
  for (const a of args) {
    if (a instanceof Undefined) a.fail()
    if (isKwargs(a)) for (const v of Object.values(a)) if (v instanceof Undefined) v.fail()
  }
}

/** Wraps fn so that an undefined argument fails, unless lenient (it inspects undefined itself). */
export function guard<F extends (this: Context, ...args: never[]) => unknown>(fn: F, lenient = false): F {
  if (lenient) return fn
  return function (this: Context, ...args: unknown[]) {
    rejectUndefined(args)
    return (fn as unknown as (this: Context, ...a: unknown[]) => unknown).apply(this, args)
  } as unknown as F
}

/** Adds a table to the environment through add(name, fn), guarding all but the lenient names. */
export function register<F extends (this: Context, ...args: never[]) => unknown>(
  table: Record<string, F>,
  add: (name: string, fn: F) => void,
  lenient: ReadonlySet<string> = new Set(),
): void {
  for (const [name, fn] of Object.entries(table)) add(name, guard(fn, lenient.has(name)))
}
