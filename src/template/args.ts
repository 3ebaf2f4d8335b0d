/**
 * Calling conventions: nunjucks passes keyword arguments (`f(a, b=1)`) as a last object
 * marked `__keywords`. Filters, tests and Python-method shims split them out here.
 */
import { KrunError } from '../core/errors.js'
import { isDict } from './python.js'

/** Positional and keyword arguments of one call. */
export interface Args {
  pos: unknown[]
  kw: Record<string, unknown>
}

/** True for the keyword-arguments object nunjucks appends to a call. */
export function isKwargs(v: unknown): v is Record<string, unknown> {
  return isDict(v) && (v as { __keywords?: unknown }).__keywords === true
}

/** Splits a call's arguments into positional and keyword ones. */
export function splitArgs(args: readonly unknown[]): Args {
  const last = args[args.length - 1]
  if (!isKwargs(last)) return { pos: [...args], kw: {} }
  const kw: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(last)) if (k !== '__keywords') kw[k] = v
  return { pos: args.slice(0, -1), kw }
}

/**
 * Reads parameter values by Python signature: `names` in order, each from the keyword of that
 * name or the next positional argument, else its default.
 */
export function bind(args: Args, names: readonly string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  names.forEach((n, i) => {
    if (n in args.kw) out[n] = args.kw[n]
    else if (i < args.pos.length) out[n] = args.pos[i]
    else out[n] = defaults[n]
  })
  return out
}

/** A template-level error with a stable code (bad argument, bad input to a filter). */
export function templateError(message: string): KrunError {
  return new KrunError('E_TEMPLATE', message)
}

/** Coerces a value the way Python's int() does for a filter argument. */
export function toInt(v: unknown, what: string): number {
  const n = typeof v === 'number' ? Math.trunc(v) : typeof v === 'boolean' ? Number(v) : Number.parseInt(String(v), 10)
  if (Number.isNaN(n)) throw templateError(`${what}: expected an integer, got ${JSON.stringify(v)}`)
  return n
}
