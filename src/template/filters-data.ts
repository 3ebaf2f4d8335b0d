/** Data filters: serialisation, list and set operations, dict shaping, combine, sorting, math. */
import { bind, splitArgs, templateError, toInt } from './args.js'
import type { FilterTable } from './filters-registry.js'
import { isDict, pyCmp, pyEquals, truthy, typeName } from './python.js'
import { Undefined } from './undefined.js'
import { fromJson, fromYaml, toJson, toNiceJson, toNiceYaml, toYaml } from './serialize.js'

/** A value as a Python iterable: lists as is, dicts give keys, strings give characters. */
export function items(v: unknown, filter = 'filter'): unknown[] {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return [...v]
  if (isDict(v)) return Object.keys(v)
  throw templateError(`${filter}: expected a list, got ${typeName(v)}`)
}

function unique(list: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const x of list) if (!out.some((y) => pyEquals(x, y))) out.push(x)
  return out
}

const has = (list: unknown[], x: unknown) => list.some((y) => pyEquals(x, y))

/** Reads a dotted attribute path (`a.b.0`) of an item, for sort/map/selectattr/sum. */
export function attrOf(item: unknown, path: string): unknown {
  let cur = item
  for (const part of path.split('.')) {
    if (Array.isArray(cur) && /^-?\d+$/.test(part)) cur = cur.at(Number(part))
    else if (isDict(cur) && Object.prototype.hasOwnProperty.call(cur, part)) cur = cur[part]
    else return undefined
  }
  return cur
}

type ListMerge = 'replace' | 'keep' | 'append' | 'prepend' | 'append_rp' | 'prepend_rp'

function merge(a: Record<string, unknown>, b: Record<string, unknown>, recursive: boolean, lm: ListMerge): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a }
  for (const [k, bv] of Object.entries(b)) {
    const av = out[k]
    if (recursive && isDict(av) && isDict(bv)) out[k] = merge(av, bv, recursive, lm)
    else if (Array.isArray(av) && Array.isArray(bv) && lm !== 'replace') {
      if (lm === 'keep') out[k] = av
      else if (lm === 'append') out[k] = [...av, ...bv]
      else if (lm === 'prepend') out[k] = [...bv, ...av]
      else if (lm === 'append_rp') out[k] = [...av.filter((x) => !has(bv, x)), ...bv]
      else out[k] = [...bv, ...av.filter((x) => !has(bv, x))]
    } else out[k] = bv
  }
  return out
}

function flatten(list: unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = []
  for (const x of list) {
    if (skipNulls && (x === null || x === 'None')) continue
    if (Array.isArray(x) && (levels === undefined || levels > 0)) out.push(...flatten(x, levels === undefined ? undefined : levels - 1, skipNulls))
    else out.push(x)
  }
  return out
}

function sortKey(caseSensitive: boolean, attribute: unknown) {
  return (x: unknown) => {
    const v = attribute == null ? x : attrOf(x, String(attribute))
    return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v
  }
}

function extreme(sign: 1 | -1) {
  return (v: unknown, ...rest: unknown[]) => {
    const a = bind(splitArgs(rest), ['case_sensitive', 'attribute'], { case_sensitive: false })
    const key = sortKey(truthy(a.case_sensitive), a.attribute)
    const list = items(v, sign > 0 ? 'max' : 'min')
    if (!list.length) return null
    return list.reduce((best, x) => (sign * pyCmp(key(x), key(best), '<') > 0 ? x : best))
  }
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((p) => l.map((x) => [...p, x])), [[]])
}

/** Data filters by short name. */
export const DATA_FILTERS: FilterTable = {
  to_json: (v, ...rest) => toJson(v, truthy(splitArgs(rest).kw.sort_keys)),
  to_nice_json: (v, ...rest) => {
    const a = bind(splitArgs(rest), ['indent', 'sort_keys'], { indent: 4, sort_keys: true })
    return toNiceJson(v, toInt(a.indent, 'to_nice_json'), truthy(a.sort_keys))
  },
  to_yaml: (v, ...rest) => toYaml(v, toInt(bind(splitArgs(rest), ['indent'], { indent: 2 }).indent, 'to_yaml')),
  to_nice_yaml: (v, ...rest) => toNiceYaml(v, toInt(bind(splitArgs(rest), ['indent'], { indent: 4 }).indent, 'to_nice_yaml')),
  from_json: (v) => fromJson(v),
  from_yaml: (v) => fromYaml(v),
  from_yaml_all: (v) => fromYaml(v, true),
  length: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : isDict(v) ? Object.keys(v).length : items(v, 'length').length),
  first: (v) => {
    const l = items(v, 'first')
    return l.length ? l[0] : new Undefined('No first item, sequence was empty.')
  },
  last: (v) => {
    const l = items(v, 'last')
    return l.length ? l[l.length - 1] : new Undefined('No last item, sequence was empty.')
  },
  list: (v) => [...items(v, 'list')],
  unique: (v) => unique(items(v, 'unique')),
  union: (a, b) => unique([...items(a, 'union'), ...items(b, 'union')]),
  intersect: (a, b) => unique(items(a, 'intersect').filter((x) => has(items(b, 'intersect'), x))),
  difference: (a, b) => unique(items(a, 'difference').filter((x) => !has(items(b, 'difference'), x))),
  symmetric_difference: (a, b) => {
    const [x, y] = [items(a, 'symmetric_difference'), items(b, 'symmetric_difference')]
    return unique([...x.filter((i) => !has(y, i)), ...y.filter((i) => !has(x, i))])
  },
  dict2items(v, ...rest) {
    const a = bind(splitArgs(rest), ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' })
    if (!isDict(v)) throw templateError(`dict2items requires a dictionary, got ${typeName(v)} instead.`)
    return Object.keys(v).map((k) => ({ [String(a.key_name)]: k, [String(a.value_name)]: v[k] }))
  },
  items2dict(v, ...rest) {
    const a = bind(splitArgs(rest), ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' })
    const out: Record<string, unknown> = {}
    for (const it of items(v, 'items2dict')) {
      if (!isDict(it)) throw templateError(`items2dict requires a list of dictionaries, got ${typeName(it)}`)
      out[String(it[String(a.key_name)])] = it[String(a.value_name)]
    }
    return out
  },
  combine(v, ...rest) {
    const { pos, kw } = splitArgs(rest)
    const dicts = [v, ...pos].flatMap((d) => (Array.isArray(d) ? d : [d]))
    for (const d of dicts) if (!isDict(d)) throw templateError(`combine: expected dictionaries, got ${typeName(d)}`)
    const lm = String(kw.list_merge ?? 'replace') as ListMerge
    return dicts.reduce<Record<string, unknown>>((acc, d) => merge(acc, d as Record<string, unknown>, truthy(kw.recursive), lm), {})
  },
  sort(v, ...rest) {
    const a = bind(splitArgs(rest), ['reverse', 'case_sensitive', 'attribute'], { reverse: false, case_sensitive: false })
    const key = sortKey(truthy(a.case_sensitive), a.attribute)
    const out = [...items(v, 'sort')].sort((x, y) => pyCmp(key(x), key(y), '<'))
    return truthy(a.reverse) ? out.reverse() : out
  },
  min: extreme(-1),
  max: extreme(1),
  sum(v, ...rest) {
    const a = bind(splitArgs(rest), ['attribute', 'start'], { start: 0 })
    return items(v, 'sum').reduce<number>((acc, x) => acc + Number(a.attribute == null ? x : attrOf(x, String(a.attribute))), Number(a.start))
  },
  flatten(v, ...rest) {
    const a = bind(splitArgs(rest), ['levels', 'skip_nulls'], { skip_nulls: true })
    return flatten(items(v, 'flatten'), a.levels == null ? undefined : toInt(a.levels, 'flatten'), truthy(a.skip_nulls))
  },
  zip: (v, ...others) => {
    const lists = [v, ...others].map((l) => items(l, 'zip'))
    return Array.from({ length: Math.min(...lists.map((l) => l.length)) }, (_, i) => lists.map((l) => l[i]))
  },
  zip_longest: (v, ...rest) => {
    const { pos, kw } = splitArgs(rest)
    const lists = [v, ...pos].map((l) => items(l, 'zip_longest'))
    return Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, i) => lists.map((l) => (i < l.length ? l[i] : (kw.fillvalue ?? null))))
  },
  product: (v, ...rest) => {
    const { pos, kw } = splitArgs(rest)
    const lists = [v, ...pos].map((l) => items(l, 'product'))
    const repeat = kw.repeat === undefined ? 1 : toInt(kw.repeat, 'product')
    return product(Array.from({ length: repeat }, () => lists).flat())
  },
  ternary: (v, t, f, none?: unknown) => (v === null && none !== undefined ? none : truthy(v) ? t : f),
  reverse: (v) => (typeof v === 'string' ? [...v].reverse().join('') : [...items(v, 'reverse')].reverse()),
}
