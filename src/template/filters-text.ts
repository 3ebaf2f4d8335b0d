/** Text filters: default, case, replace and regex_*, split/join, quoting, encoding, hashing, casts. */
import { createHash } from 'node:crypto'
import { KrunError } from '../core/errors.js'
import { quote } from '../connection/quote.js'
import { bind, splitArgs, templateError } from './args.js'
import type { FilterTable } from './filters-registry.js'
import { pySplit } from './python-methods.js'
import { printf } from './python-ops.js'
import { isDict, pyStr, truthy } from './python.js'
import { groupRefs, pyRegex, pyReplacement, reFlags } from './regex.js'
import { Undefined } from './undefined.js'

/** Ansible's `bool` filter: yes/on/1/true (any case) are true, everything else false. */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (v === 1) return true
  if (typeof v === 'string') return ['yes', 'on', '1', 'true'].includes(v.trim().toLowerCase())
  return false
}

function toNumber(v: unknown, dflt: number, parse: (s: string) => number): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return Number(v)
  const n = parse(String(v).trim())
  return Number.isNaN(n) ? dflt : n
}

function jinjaInt(value: unknown, ...rest: unknown[]): number {
  const a = bind(splitArgs(rest), ['default', 'base'], { default: 0, base: 10 })
  const base = Number(a.base)
  if (typeof value === 'number') return Math.trunc(value)
  return toNumber(value, Number(a.default), (s) => {
    const body = base === 16 ? s.replace(/^0x/i, '') : base === 8 ? s.replace(/^0o/i, '') : base === 2 ? s.replace(/^0b/i, '') : s
    if (base === 10 && !/^[-+]?\d+$/.test(s)) return Math.trunc(Number.parseFloat(s))
    return /^[-+]?[0-9a-zA-Z]+$/.test(body) ? Number.parseInt(body, base) : Number.NaN
  })
}

const digest = (algo: string) => (v: unknown) => createHash(algo).update(pyStr(v)).digest('hex')

const ALGOS: Record<string, string> = { sha1: 'sha1', md5: 'md5', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' }

/** Text filters by short name. */
export const TEXT_FILTERS: FilterTable = {
  default(value, ...rest) {
    const a = bind(splitArgs(rest), ['default_value', 'boolean'], { default_value: '', boolean: false })
    if (value instanceof Undefined || (a.boolean && !truthy(value))) return a.default_value
    return value
  },
  mandatory(value, msg) {
    if (value instanceof Undefined) throw new KrunError('E_UNDEFINED', msg === undefined ? `Mandatory variable not defined: ${value.message}` : pyStr(msg))
    return value
  },
  lower: (v) => pyStr(v).toLowerCase(),
  upper: (v) => pyStr(v).toUpperCase(),
  capitalize: (v) => {
    const s = pyStr(v)
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()
  },
  trim: (v, chars) => {
    const s = pyStr(v)
    if (chars === undefined) return s.trim()
    const set = String(chars)
    let [a, b] = [0, s.length]
    while (a < b && set.includes(s[a] as string)) a++
    while (b > a && set.includes(s[b - 1] as string)) b--
    return s.slice(a, b)
  },
  replace(v, old, repl, count) {
    const parts = pyStr(v).split(pyStr(old))
    const n = typeof count === 'number' ? count : parts.length
    return parts.slice(0, n + 1).join(pyStr(repl)) + (n + 1 < parts.length ? pyStr(old) + parts.slice(n + 1).join(pyStr(old)) : '')
  },
  regex_replace(v, ...rest) {
    const a = splitArgs(rest)
    const { pattern, replacement, count } = bind(a, ['pattern', 'replacement', 'ignorecase', 'multiline', 'count'], { replacement: '', count: 0 })
    const re = pyRegex(pattern, reFlags(a.kw, !count))
    const repl = pyReplacement(replacement)
    if (!count) return pyStr(v).replace(re, repl)
    let left = Number(count)
    return pyStr(v).replace(new RegExp(re.source, `${re.flags}g`), (...m) => (left-- > 0 ? pyStr(m[0]).replace(re, repl) : String(m[0])))
  },
  regex_search(v, pattern, ...rest) {
    const a = splitArgs(rest)
    const m = pyRegex(pattern, reFlags(a.kw, false)).exec(pyStr(v))
    if (!m) return null
    return a.pos.length ? groupRefs(m, a.pos) : m[0]
  },
  regex_findall(v, pattern, ...rest) {
    const a = splitArgs(rest)
    const kw = { multiline: a.kw.multiline ?? a.pos[0], ignorecase: a.kw.ignorecase ?? a.pos[1] }
    return [...pyStr(v).matchAll(pyRegex(pattern, reFlags(kw, true)))].map((m) =>
      m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((g) => g ?? ''),
    )
  },
  regex_escape: (v) => pyStr(v).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
  split: (v, sep, max) => pySplit(pyStr(v), sep, max, false),
  join(v, ...rest) {
    const a = bind(splitArgs(rest), ['d', 'attribute'], { d: '' })
    if (!Array.isArray(v)) return pyStr(v)
    const attr = a.attribute === undefined || a.attribute === null ? undefined : String(a.attribute)
    return v.map((x) => pyStr(attr !== undefined && isDict(x) ? x[attr] : x)).join(pyStr(a.d))
  },
  quote: (v) => quote(pyStr(v)),
  b64encode: (v) => Buffer.from(pyStr(v), 'utf8').toString('base64'),
  b64decode: (v) => Buffer.from(pyStr(v), 'base64').toString('utf8'),
  hash(v, algo = 'sha1') {
    const name = ALGOS[String(algo)]
    if (!name) throw templateError(`hash: unsupported algorithm ${JSON.stringify(algo)}`)
    return digest(name)(v)
  },
  checksum: digest('sha1'),
  sha1: digest('sha1'),
  md5: digest('md5'),
  bool: (v) => toBool(v),
  int: jinjaInt,
  float: (v, dflt = 0) => toNumber(v, Number(dflt), (s) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? Number(s) : Number.NaN)),
  string: (v) => pyStr(v),
  type_debug: (v) => (v === null ? 'NoneType' : Array.isArray(v) ? 'list' : isDict(v) ? 'dict' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int' : 'float'),
  indent(v, ...rest) {
    const a = bind(splitArgs(rest), ['width', 'first', 'blank'], { width: 4, first: false, blank: false })
    const pad = typeof a.width === 'string' ? a.width : ' '.repeat(Number(a.width))
    const lines = `${pyStr(v)}\n`.split('\n').slice(0, -1)
    const body = lines.map((l, i) => (i === 0 || (l === '' && !truthy(a.blank)) ? l : pad + l)).join('\n')
    return truthy(a.first) ? pad + body : body
  },
  format(v, ...rest) {
    const { pos, kw } = splitArgs(rest)
    return printf(pyStr(v), Object.keys(kw).length ? kw : pos)
  },
  comment: (v) => pyStr(v).split('\n').map((l) => `# ${l}`.trimEnd()).join('\n'),
}
