/**
 * Python semantics that Jinja2 templates rely on and JavaScript lacks: truthiness (an empty
 * list is false), `str()` of values (True, None, ['a']), equality of lists and dicts, and
 * ordering that refuses to compare a str with an int.
 */
import { KrunError } from '../core/errors.js'
import { Undefined } from './undefined.js'

/** A dict in the Python sense: a plain object (or a scope proxy, whose prototype is Object's). */
export function isDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

/** The Python type name, for error messages (`'dict object' has no attribute 'x'`). */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType'
  if (typeof v === 'string') return 'str'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float'
  if (Array.isArray(v)) return 'list'
  if (isDict(v)) return 'dict'
  return typeof v === 'function' ? 'function' : 'object'
}

/** Python's bool(): empty containers, 0, '' and None are false. */
export function truthy(v: unknown): boolean {
  if (v instanceof Undefined) v.fail()
  if (v === null || v === undefined) return false
  if (typeof v === 'string') return v.length > 0
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.length > 0
  if (isDict(v)) return Object.keys(v).length > 0
  return true
}

/** Python's repr() of a string: single quotes unless the text holds one and no double quote. */
function reprString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'"
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q
}

/** Python's repr(): what a list or dict looks like inside a rendered string. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return reprString(v)
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (isDict(v)) return `{${Object.keys(v).map((k) => `${reprString(k)}: ${pyRepr(v[k])}`).join(', ')}}`
  return pyStr(v)
}

/** Python's str(): how a value is written into template output. */
export function pyStr(v: unknown): string {
  if (v instanceof Undefined) v.fail()
  if (typeof v === 'string') return v
  if (v === null) return 'None'
  if (v === undefined) return ''
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan'
  if (Array.isArray(v) || isDict(v)) return pyRepr(v)
  return String(v)
}

/** Python's ==: deep for lists and dicts, never equal across str/number. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined) a.fail()
  if (b instanceof Undefined) b.fail()
  if (a === b) return true
  if (a == null || b == null) return a == null && b == null
  const na = typeof a === 'number' || typeof a === 'boolean'
  const nb = typeof b === 'number' || typeof b === 'boolean'
  if (na && nb) return Number(a) === Number(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]))
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && pyEquals(a[k], b[k]))
  }
  return false
}

/** A Python TypeError raised inside a template. */
export function typeError(message: string): KrunError {
  return new KrunError('E_TEMPLATE', message)
}

/** Python's ordering: numbers with numbers, strings with strings, lists item by item. */
export function pyCmp(a: unknown, b: unknown, op: string): number {
  if (a instanceof Undefined) a.fail()
  if (b instanceof Undefined) b.fail()
  const num = (x: unknown) => typeof x === 'number' || typeof x === 'boolean'
  if (num(a) && num(b)) return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyCmp(a[i], b[i], op)
    }
    return a.length - b.length
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`)
}

/** One comparison operator as Python evaluates it (nunjucks' === and !== are kept strict). */
export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b)
    case '!=':
      return !pyEquals(a, b)
    case '===':
      return a === b
    case '!==':
      return a !== b
    case '<':
      return pyCmp(a, b, op) < 0
    case '>':
      return pyCmp(a, b, op) > 0
    case '<=':
      return pyCmp(a, b, op) <= 0
    default:
      return pyCmp(a, b, op) >= 0
  }
}
