/**
 * Attribute access as Jinja2 does it (`a.b`, `a['b']`, `a[-1]`), with the Python methods
 * templates call on strings, dicts and lists (`.split()`, `.items()`, `.get()`...). A missing
 * attribute is an Undefined with Ansible's message, so `is defined` and `default` still work.
 */
import { splitArgs } from './args.js'
import { isDict, pyEquals, pyStr } from './python.js'
import { Undefined } from './undefined.js'

type Method = (self: never, ...args: unknown[]) => unknown

const WS = /\s+/

/** Python's str.split / str.rsplit (no separator: runs of whitespace). */
export function pySplit(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  const max = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : -1
  const parts = sep === undefined || sep === null ? s.trim().split(WS).filter((p) => p !== '') : s.split(String(sep))
  if (max < 0 || parts.length <= max + 1) return sep == null && s.trim() === '' ? [] : parts
  const glue = sep == null ? ' ' : String(sep)
  if (fromRight) return [parts.slice(0, parts.length - max).join(glue), ...parts.slice(parts.length - max)]
  return [...parts.slice(0, max), parts.slice(max).join(glue)]
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd()
  const set = String(chars)
  let a = 0
  let b = s.length
  while (left && a < b && set.includes(s[a] as string)) a++
  while (right && b > a && set.includes(s[b - 1] as string)) b--
  return s.slice(a, b)
}

const prefixes = (p: unknown): string[] => (Array.isArray(p) ? p.map(String) : [String(p)])

/** `'{} {name} {0:>4}'.format(...)`: positional, indexed and named fields with a simple spec. */
function pyFormat(fmt: string, ...raw: unknown[]): string {
  const { pos, kw } = splitArgs(raw)
  let auto = 0
  return fmt.replace(/\{\{|\}\}|\{([^{}:]*)(?::([^{}]*))?\}/g, (m, field: string | undefined, spec: string | undefined) => {
    if (m === '{{') return '{'
    if (m === '}}') return '}'
    const f = field ?? ''
    const v = f === '' ? pos[auto++] : /^\d+$/.test(f) ? pos[Number(f)] : kw[f]
    if (v instanceof Undefined) v.fail()
    const sm = /^(?:(.)?([<>^]))?(0)?(\d+)?(?:\.(\d+))?([dfs])?$/.exec(spec ?? '')
    let s = sm?.[5] !== undefined && typeof v === 'number' ? v.toFixed(Number(sm[5])) : pyStr(v)
    const width = Number(sm?.[4] ?? 0)
    const fill = sm?.[1] ?? (sm?.[3] ? '0' : ' ')
    const align = sm?.[2] ?? (typeof v === 'number' ? '>' : '<')
    if (align === '>') s = s.padStart(width, fill)
    else if (align === '<') s = s.padEnd(width, fill)
    else s = s.padStart(Math.floor((width + s.length) / 2), fill).padEnd(width, fill)
    return s
  })
}

const STR: Record<string, (s: string, ...a: unknown[]) => unknown> = {
  split: (s, sep, max) => pySplit(s, sep, max, false),
  rsplit: (s, sep, max) => pySplit(s, sep, max, true),
  splitlines: (s) => s.split(/\r?\n/).filter((l, i, a) => i < a.length - 1 || l !== ''),
  strip: (s, c) => stripChars(s, c, true, true),
  lstrip: (s, c) => stripChars(s, c, true, false),
  rstrip: (s, c) => stripChars(s, c, false, true),
  startswith: (s, p) => prefixes(p).some((x) => s.startsWith(x)),
  endswith: (s, p) => prefixes(p).some((x) => s.endsWith(x)),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: (s) => s.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  replace: (s, a, b, n) => {
    const parts = s.split(String(a))
    const count = typeof n === 'number' && n >= 0 ? n : parts.length
    return parts.slice(0, count + 1).join(String(b)) + (count + 1 < parts.length ? String(a) + parts.slice(count + 1).join(String(a)) : '')
  },
  find: (s, x) => s.indexOf(String(x)),
  rfind: (s, x) => s.lastIndexOf(String(x)),
  index: (s, x) => s.indexOf(String(x)),
  count: (s, x) => s.split(String(x)).length - 1,
  join: (s, items) => (Array.isArray(items) ? items.map(pyStr).join(s) : pyStr(items)),
  format: (s, ...a) => pyFormat(s, ...a),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[a-zA-Z]+$/.test(s),
  isalnum: (s) => /^[a-zA-Z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s, w) => (s.startsWith('-') ? `-${s.slice(1).padStart(Number(w) - 1, '0')}` : s.padStart(Number(w), '0')),
  ljust: (s, w, f) => s.padEnd(Number(w), f === undefined ? ' ' : String(f)),
  rjust: (s, w, f) => s.padStart(Number(w), f === undefined ? ' ' : String(f)),
  center: (s, w) => s.padStart(Math.floor((Number(w) + s.length) / 2)).padEnd(Number(w)),
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

const DICT: Record<string, (d: Record<string, unknown>, ...a: unknown[]) => unknown> = {
  items: (d) => Object.keys(d).map((k) => [k, d[k]]),
  keys: (d) => Object.keys(d),
  values: (d) => Object.keys(d).map((k) => d[k]),
  get: (d, k, def = null) => (own(d, String(k)) ? d[String(k)] : def),
  copy: (d) => ({ ...d }),
}

const LIST: Record<string, (l: unknown[], ...a: unknown[]) => unknown> = {
  index: (l, x) => l.findIndex((y) => pyEquals(x, y)),
  count: (l, x) => l.filter((y) => pyEquals(x, y)).length,
}

function method(table: Record<string, Method>, self: unknown, key: string): ((...a: unknown[]) => unknown) | undefined {
  const m = own(table, key) ? table[key] : undefined
  return m && ((...a: unknown[]) => m(self as never, ...a))
}

function index<T>(seq: { length: number; [i: number]: T }, key: number, what: string): T | Undefined {
  const i = key < 0 ? seq.length + key : key
  return i >= 0 && i < seq.length ? (seq[i] as T) : new Undefined(`${what} has no element ${key}`)
}

/** `obj.key` / `obj[key]` with Jinja2 meaning; `fallback` handles objects that are not Python values. */
export function member(obj: unknown, key: unknown, fallback: (o: unknown, k: unknown) => unknown): unknown {
  if (obj instanceof Undefined) return obj
  const k = String(key)
  if (obj === null || obj === undefined) return new Undefined(`'None' has no attribute '${k}'`)
  if (typeof obj === 'string') {
    if (typeof key === 'number') return index(obj, key, 'str object')
    return method(STR as Record<string, Method>, obj, k) ?? new Undefined(`'str object' has no attribute '${k}'`)
  }
  if (Array.isArray(obj)) {
    if (typeof key === 'number') return index(obj, key, 'list object')
    return method(LIST as Record<string, Method>, obj, k) ?? new Undefined(`'list object' has no attribute '${k}'`)
  }
  if (isDict(obj)) {
    if (own(obj, k)) return obj[k]
    return method(DICT as Record<string, Method>, obj, k) ?? new Undefined(`'dict object' has no attribute '${k}'`)
  }
  if (typeof obj === 'number' || typeof obj === 'boolean') {
    return new Undefined(`'${typeof obj === 'boolean' ? 'bool' : Number.isInteger(obj) ? 'int' : 'float'} object' has no attribute '${k}'`)
  }
  return fallback(obj, key)
}
