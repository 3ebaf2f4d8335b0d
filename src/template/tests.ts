/** Jinja2 and Ansible tests (`x is defined`, `v is version('1.2', '>=')`, `r is changed`...). */
import { existsSync, lstatSync, statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { bind, splitArgs, templateError } from './args.js'
import type { TestTable } from './filters-registry.js'
import { inOp } from './python-ops.js'
import { compare, isDict, pyStr, truthy, typeName } from './python.js'
import { pyRegex, reFlags } from './regex.js'
import { Undefined } from './undefined.js'

/** Tests that may look at an undefined value without failing. */
export const LENIENT_TESTS = new Set(['defined', 'undefined', 'none', 'string', 'number', 'mapping', 'boolean', 'integer', 'float'])

/** LooseVersion components: numbers and letter runs ('1.2rc1' -> [1, 2, 'rc', 1]). */
function looseParts(v: string): (number | string)[] {
  return (v.match(/\d+|[a-z]+/gi) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p))
}

/** Compares two versions as Ansible's LooseVersion does: -1, 0 or 1. */
export function versionCmp(a: string, b: string): number {
  const [x, y] = [looseParts(a), looseParts(b)]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i] as number | string, y[i] as number | string]
    if (p === q) continue
    if (typeof p === typeof q) return p < q ? -1 : 1
    return typeof p === 'number' ? 1 : -1
  }
  return Math.sign(x.length - y.length)
}

const VERSION_OPS: Record<string, string> = {
  '<': '<', lt: '<', '<=': '<=', le: '<=', '>': '>', gt: '>', '>=': '>=', ge: '>=',
  '==': '==', '=': '==', eq: '==', '!=': '!=', '<>': '!=', ne: '!=',
}

function result(value: unknown, test: string): Record<string, unknown> {
  if (!isDict(value)) throw templateError(`The '${test}' test expects a dictionary (a registered result), got ${typeName(value)}`)
  return value
}

function changed(value: unknown): boolean {
  const r = result(value, 'changed')
  if ('changed' in r) return truthy(r.changed)
  return Array.isArray(r.results) && r.results.some((x) => isDict(x) && truthy(x.changed))
}

function skipped(value: unknown): boolean {
  const r = result(value, 'skipped')
  if ('skipped' in r) return truthy(r.skipped)
  return Array.isArray(r.results) && r.results.length > 0 && r.results.every((x) => isDict(x) && truthy(x.skipped))
}

const failed = (value: unknown): boolean => truthy(result(value, 'failed').failed)

function regexTest(matchType: string) {
  return (value: unknown, pattern: unknown, ...rest: unknown[]) => {
    const a = splitArgs(rest)
    const kw = bind(a, ['ignorecase', 'multiline', 'match_type'], { match_type: matchType })
    const re = pyRegex(pattern, reFlags(kw, false))
    const s = pyStr(value)
    // Python's re.match anchors at the start of the string only: a sticky regex does that
    if (kw.match_type === 'match') return new RegExp(re.source, `${re.flags}y`).test(s)
    if (kw.match_type === 'fullmatch') return new RegExp(`(?:${re.source})$`, `${re.flags.replace('m', '')}y`).test(s)
    return re.test(s)
  }
}

const FALSY_STRINGS = ['false', 'no', 'off', '0', 'n', 'f', '']

/** Ansible's condition truthiness: Python's, plus the strings false/no/off/0/n/f are false. */
export function ansibleTruthy(v: unknown): boolean {
  if (typeof v === 'string') return !FALSY_STRINGS.includes(v.trim().toLowerCase())
  return truthy(v)
}

/** Tests by short name. */
export const TESTS: TestTable = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  mapping: (v) => isDict(v),
  sequence: (v) => Array.isArray(v) || typeof v === 'string' || isDict(v),
  iterable: (v) => Array.isArray(v) || typeof v === 'string' || isDict(v),
  true: (v) => v === true,
  false: (v) => v === false,
  callable: (v) => typeof v === 'function',
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  odd: (v) => Number(v) % 2 !== 0,
  even: (v) => Number(v) % 2 === 0,
  divisibleby: (v, n) => Number(v) % Number(n) === 0,
  sameas: (v, o) => v === o,
  eq: (v, o) => compare('==', v, o),
  equalto: (v, o) => compare('==', v, o),
  '==': (v, o) => compare('==', v, o),
  ne: (v, o) => compare('!=', v, o),
  '!=': (v, o) => compare('!=', v, o),
  lt: (v, o) => compare('<', v, o),
  '<': (v, o) => compare('<', v, o),
  le: (v, o) => compare('<=', v, o),
  '<=': (v, o) => compare('<=', v, o),
  gt: (v, o) => compare('>', v, o),
  '>': (v, o) => compare('>', v, o),
  ge: (v, o) => compare('>=', v, o),
  '>=': (v, o) => compare('>=', v, o),
  in: (v, seq) => inOp(v, seq),
  contains: (seq, v) => inOp(v, seq),
  match: regexTest('match'),
  search: regexTest('search'),
  regex: regexTest('search'),
  version(v, ...rest) {
    const a = bind(splitArgs(rest), ['version', 'operator'], { operator: 'eq' })
    const op = VERSION_OPS[String(a.operator)]
    if (!op) throw templateError(`version: invalid operator ${JSON.stringify(a.operator)}`)
    return compare(op, versionCmp(pyStr(v), pyStr(a.version)), 0)
  },
  subset: (v, other) => Array.isArray(v) && Array.isArray(other) && v.every((x) => inOp(x, other)),
  superset: (v, other) => Array.isArray(v) && Array.isArray(other) && other.every((x) => inOp(x, v)),
  file: (v) => existsSync(pyStr(v)) && statSync(pyStr(v)).isFile(),
  directory: (v) => existsSync(pyStr(v)) && statSync(pyStr(v)).isDirectory(),
  exists: (v) => existsSync(pyStr(v)),
  link: (v) => {
    try {
      return lstatSync(pyStr(v)).isSymbolicLink()
    } catch {
      return false
    }
  },
  abs: (v) => isAbsolute(pyStr(v)),
  changed,
  failed,
  succeeded: (v) => !failed(v),
  skipped,
  truthy: (v, ...rest) => (truthy(splitArgs(rest).kw.convert_bool) ? ansibleTruthy(v) : truthy(v)),
  falsy: (v, ...rest) => !(truthy(splitArgs(rest).kw.convert_bool) ? ansibleTruthy(v) : truthy(v)),
}

/** Ansible's other names for the same tests. */
export const TEST_ALIASES: Record<string, string> = {
  version_compare: 'version',
  success: 'succeeded',
  successful: 'succeeded',
  failure: 'failed',
  change: 'changed',
  skip: 'skipped',
  is_file: 'file',
  is_dir: 'directory',
  is_link: 'link',
  is_abs: 'abs',
  greaterthan: 'gt',
  lessthan: 'lt',
}
