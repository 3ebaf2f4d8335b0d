/** Filters that apply a test or a filter to each item (map, select, reject, selectattr, rejectattr), groupby, attr. */
import { splitArgs, templateError } from './args.js'
import { attrOf, items } from './filters-data.js'
import type { FilterTable } from './filters-registry.js'
import type { Context } from './internals.js'
import { member } from './python-methods.js'
import { pyCmp, pyEquals, truthy } from './python.js'
import { Undefined } from './undefined.js'

/** An attribute of an item, or an Undefined naming it (so `defined` tests work on it). */
function attr(item: unknown, name: string): unknown {
  const v = attrOf(item, name)
  return v === undefined ? new Undefined(`'dict object' has no attribute '${name}'`) : v
}

/** Jinja's select/reject: with no test, the item's truthiness; else the named test with its arguments. */
function tester(ctx: Context, args: unknown[]): (v: unknown) => boolean {
  const [name, ...rest] = args
  if (name === undefined) return (v) => truthy(v)
  const test = ctx.env.getTest(String(name))
  return (v) => test.call(ctx, v, ...rest) === true
}

function selectBy(keep: boolean) {
  return function (this: Context, v: unknown, ...args: unknown[]) {
    const t = tester(this, args)
    return items(v, keep ? 'select' : 'reject').filter((x) => t(x) === keep)
  }
}

function selectAttrBy(keep: boolean) {
  return function (this: Context, v: unknown, name: unknown, ...args: unknown[]) {
    if (name === undefined) throw templateError(`${keep ? 'selectattr' : 'rejectattr'}: missing attribute name`)
    const t = tester(this, args)
    return items(v, keep ? 'selectattr' : 'rejectattr').filter((x) => t(attr(x, String(name))) === keep)
  }
}

/** Select-like filters by short name. */
export const SELECT_FILTERS: FilterTable = {
  map(v, ...rest) {
    const { pos, kw } = splitArgs(rest)
    const list = items(v, 'map')
    if (kw.attribute !== undefined) {
      const name = String(kw.attribute)
      return list.map((x) => {
        const a = attr(x, name)
        return a instanceof Undefined && 'default' in kw ? kw.default : a
      })
    }
    const [name, ...args] = pos
    if (name === undefined) return list
    const filter = this.env.getFilter(String(name))
    return list.map((x) => filter.call(this, x, ...args))
  },
  select: selectBy(true),
  reject: selectBy(false),
  selectattr: selectAttrBy(true),
  rejectattr: selectAttrBy(false),
  attr: (v, name) => attr(v, String(name)),
  extract(key, container, morekeys) {
    const keys = morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys]
    return [key, ...keys].reduce<unknown>((obj, k) => member(obj, k, () => new Undefined(`no attribute '${String(k)}'`)), container)
  },
  groupby(v, name) {
    const groups: [unknown, unknown[]][] = []
    for (const x of items(v, 'groupby')) {
      const key = attr(x, String(name))
      const g = groups.find(([k]) => pyEquals(k, key))
      if (g) g[1].push(x)
      else groups.push([key, [x]])
    }
    return groups.sort((a, b) => pyCmp(a[0], b[0], '<'))
  },
}
