/** Global functions of the template language: lookup/query/q, dict, namespace, range, undef, omit. */
import { KrunError } from '../core/errors.js'
import { splitArgs, templateError } from './args.js'
import { FQCN_PREFIX } from './filters-registry.js'
import type { Context, RenderState } from './internals.js'
import { lookupError, type LookupFn } from './lookups.js'
import { slice } from './patch-runtime.js'
import { isDict, truthy } from './python.js'
import { Undefined } from './undefined.js'

/** The placeholder `omit` renders to; the engine drops module arguments equal to it. */
export const OMIT = '__omit_place_holder__krun__'

function state(ctx: Context): RenderState {
  const s = ctx.ctx.__krun
  if (!s) throw templateError('lookup() used outside a krun render')
  return s
}

function makeLookup(table: Readonly<Record<string, LookupFn>>, alwaysList: boolean) {
  return function (this: Context, name: unknown, ...rest: unknown[]): unknown {
    const { pos, kw } = splitArgs(rest)
    const short = String(name).replace(FQCN_PREFIX, '')
    const fn = table[short]
    if (!fn) throw new KrunError('E_LOOKUP', `lookup plugin '${String(name)}' not found`)
    const { wantlist, errors, ...opts } = kw
    const s = state(this)
    let out: unknown[]
    try {
      out = fn(pos, opts, { scope: s.scope, searchPaths: s.lookupPaths(), renderTemplate: s.renderTemplate })
    } catch (e) {
      if (errors !== 'ignore' && errors !== 'warn') throw e instanceof KrunError ? e : lookupError(short, (e as Error).message)
      out = []
      if (!alwaysList && !truthy(wantlist)) return null
    }
    if (alwaysList || truthy(wantlist)) return out
    if (out.length === 1) return out[0]
    return out.every((x) => typeof x === 'string') ? out.join(',') : out
  }
}

function dict(...args: unknown[]): Record<string, unknown> {
  const { pos, kw } = splitArgs(args)
  const out: Record<string, unknown> = {}
  for (const src of pos) {
    if (isDict(src)) Object.assign(out, src)
    else if (Array.isArray(src)) {
      for (const pair of src) {
        if (!Array.isArray(pair) || pair.length !== 2) throw templateError('dict(): expected a list of (key, value) pairs')
        out[String(pair[0])] = pair[1]
      }
    } else throw templateError('dict(): expected a mapping or a list of pairs')
  }
  return Object.assign(out, kw)
}

/** Python's range(stop) / range(start, stop[, step]). */
function range(a: unknown, b?: unknown, step: unknown = 1): number[] {
  const [start, stop] = b === undefined ? [0, Number(a)] : [Number(a), Number(b)]
  const st = Number(step)
  if (st === 0) throw templateError('range() arg 3 must not be zero')
  const out: number[] = []
  for (let i = start; st > 0 ? i < stop : i > stop; i += st) out.push(i)
  if (out.length > 1_000_000) throw templateError('range() too large')
  return out
}

/** The globals, given the lookup table in use. */
export function makeGlobals(lookups: Readonly<Record<string, LookupFn>>): Record<string, unknown> {
  const lookup = makeLookup(lookups, false)
  const query = makeLookup(lookups, true)
  return {
    lookup,
    query,
    q: query,
    dict,
    range,
    namespace: (...args: unknown[]) => ({ ...splitArgs(args).kw }),
    undef: (hint?: unknown) => new Undefined(hint === undefined ? 'undefined variable (undef())' : String(hint)),
    omit: OMIT,
    __krun_slice: slice,
  }
}
