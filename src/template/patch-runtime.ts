/**
 * Runtime half of the Jinja2 compatibility: the functions compiled templates call for a
 * variable, an attribute, a call, an output or a loop are replaced with ones that know
 * StrictUndefined and Python values. nunjucks is used only by krun in this process, so the
 * patch is global (applied once, on import of the template layer).
 */
import { KrunError } from '../core/errors.js'
import type { Context } from './internals.js'
import { N } from './internals.js'
import { member } from './python-methods.js'
import { add, concat, inOp, mod, mul } from './python-ops.js'
import { compare, isDict, pyStr, truthy, typeName } from './python.js'
import { rejectUndefined } from './filters-registry.js'
import { Undefined, undefinedVar } from './undefined.js'

/** Jinja2's literals, which nunjucks only knows in lower case. */
const LITERALS: Record<string, unknown> = { True: true, False: false, None: null }

interface Frame {
  lookup(name: string): unknown
}

type Fn = (...args: unknown[]) => unknown

const rt = N.runtime
const orig = {
  contextOrFrameLookup: rt.contextOrFrameLookup as (c: Context, f: Frame, n: string) => unknown,
  memberLookup: rt.memberLookup as (o: unknown, k: unknown) => unknown,
  callWrap: rt.callWrap as (o: unknown, n: string, c: Context, a: unknown[]) => unknown,
  suppressValue: rt.suppressValue as (v: unknown, esc: boolean) => unknown,
  fromIterator: rt.fromIterator as (v: unknown) => unknown,
}

/** A name: frame (loop vars, set), template-level set, Jinja literal, the scope, globals; else Undefined. */
function contextOrFrameLookup(context: Context, frame: Frame, name: string): unknown {
  const v = frame.lookup(name)
  if (v !== undefined) return v
  if (!context.env.krun) return orig.contextOrFrameLookup(context, frame, name)
  const ctx = context.ctx
  if (Object.prototype.hasOwnProperty.call(LITERALS, name)) return LITERALS[name]
  if (Object.prototype.hasOwnProperty.call(ctx, name) && name !== '__krun') return ctx[name]
  const scope = ctx.__krun?.scope
  if (scope && name in scope) return scope[name]
  if (name in context.env.globals) return context.env.globals[name]
  return undefinedVar(name)
}

function callWrap(obj: unknown, name: string, context: Context, args: unknown[]): unknown {
  if (obj instanceof Undefined) obj.fail()
  if (typeof obj !== 'function') throw new KrunError('E_TEMPLATE', `'${name}' is not callable (it is a ${typeName(obj)})`)
  rejectUndefined(args)
  return (obj as Fn).apply(context, args)
}

function suppressValue(val: unknown, autoescape: boolean): unknown {
  if (val instanceof Undefined) val.fail()
  return autoescape ? orig.suppressValue(val, autoescape) : pyStr(val)
}

/** What a `for` iterates: a dict gives its keys (as in Python), an undefined fails. */
function fromIterator(val: unknown): unknown {
  if (val instanceof Undefined) val.fail()
  if (isDict(val)) return Object.keys(val)
  return orig.fromIterator(val)
}

/** Python slicing `seq[start:stop:step]` (the parser turns slices into this call). */
export function slice(seq: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (seq instanceof Undefined) seq.fail()
  const arr: unknown[] | null = Array.isArray(seq) ? seq : typeof seq === 'string' ? [...seq] : null
  if (!arr) throw new KrunError('E_TEMPLATE', `'${typeName(seq)}' object is not subscriptable`)
  const st = step == null ? 1 : Number(step)
  if (st === 0) throw new KrunError('E_TEMPLATE', 'slice step cannot be zero')
  const n = arr.length
  const norm = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v == null) return dflt
    const i = Number(v) < 0 ? Number(v) + n : Number(v)
    return Math.min(Math.max(i, lo), hi)
  }
  const out: unknown[] = []
  if (st > 0) for (let i = norm(start, 0, 0, n); i < norm(stop, n, 0, n); i += st) out.push(arr[i])
  else for (let i = norm(start, n - 1, -1, n - 1); i > norm(stop, -1, -1, n - 1); i += st) out.push(arr[i])
  return typeof seq === 'string' ? out.join('') : out
}

let patched = false

/** Installs the runtime patches (idempotent). */
export function patchRuntime(): void {
  if (patched) return
  patched = true
  Object.assign(rt, {
    contextOrFrameLookup,
    memberLookup: (obj: unknown, key: unknown) => member(obj, key, orig.memberLookup),
    callWrap,
    suppressValue,
    fromIterator,
    inOperator: inOp,
    krunTruthy: truthy,
    krunAdd: add,
    krunMul: mul,
    krunMod: mod,
    krunConcat: concat,
    krunCmp: (a: unknown, op: string, b: unknown) => compare(op, a, b),
    krunSetAttr: (obj: unknown, key: unknown, value: unknown) => {
      if (obj instanceof Undefined) obj.fail()
      if (!isDict(obj)) throw new KrunError('E_TEMPLATE', `cannot assign attribute '${String(key)}' on a ${typeName(obj)} (use namespace())`)
      obj[String(key)] = value
    },
  })
}
