import { KrunError } from '../core/errors.js'
import { InventoryData } from './model.js'
import type { Inventory } from './types.js'

type Vars = Record<string, unknown>

/**
 * The JSON of `ansible-inventory --list`: `_meta.hostvars` holds each host's merged
 * inventory vars (group vars folded in; hosts without vars left out), each non-empty group
 * its `hosts` (direct members) and `children`, empty keys and empty groups omitted; 'all'
 * lists only children. Keys are sorted at every level, as Ansible's json.dumps(sort_keys=True).
 */
export function inventoryList(inv: Inventory): Record<string, unknown> {
  const available = new Set(inv.groupsMap()['all'] ?? [])
  const out: Record<string, unknown> = {}
  const seen = new Set<string>()
  const format = (name: string): void => {
    const g = inv.groups.get(name)
    if (!g) return
    const entry: { hosts?: string[]; children?: string[] } = {}
    const hosts = name === 'all' ? [] : g.hosts.filter((h) => available.has(h))
    if (hosts.length) entry.hosts = hosts
    if (g.children.length) entry.children = [...g.children]
    for (const c of g.children) {
      if (seen.has(c)) continue
      seen.add(c)
      format(c)
    }
    if (entry.hosts || entry.children) out[name] = entry
  }
  format('all')
  const hostvars: Record<string, Vars> = {}
  for (const h of available) {
    const vars = inv.hostVars(h)
    if (Object.keys(vars).length) hostvars[h] = vars
  }
  return sortKeys({ _meta: { hostvars }, ...out }) as Record<string, unknown>
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v === null || typeof v !== 'object') return v
  const o = v as Vars
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]))
}

/**
 * The tree of `ansible-inventory --graph [group]`: `@group:` lines, child groups then hosts,
 * each sorted by name, indented with `  |--`. With `vars`, also `{name = value}` lines for
 * host vars and group vars (inventory files and group_vars beside them), as `--vars` does.
 */
export function inventoryGraph(inv: Inventory, group = 'all', opts: { vars?: boolean } = {}): string {
  if (!inv.groups.has(group)) {
    throw new KrunError('E_INVENTORY_GRAPH', `'${group}' is not a group of the inventory`, undefined, 'the --graph argument must be a group name')
  }
  const lines: string[] = []
  const line = (text: string, depth: number): void => {
    lines.push(depth ? '  |'.repeat(depth) + '--' + text : text)
  }
  const showVars = (vars: Vars, depth: number): void => {
    if (!opts.vars) return
    for (const k of Object.keys(vars).sort()) line(`{${k} = ${pyStr(vars[k])}}`, depth)
  }
  const walk = (name: string, depth: number): void => {
    const g = inv.groups.get(name)!
    line(`@${name}:`, depth)
    for (const c of [...g.children].sort()) walk(c, depth + 1)
    if (name !== 'all') {
      for (const h of [...g.hosts].sort()) {
        line(h, depth + 1)
        showVars(inv.hosts.get(h)?.vars ?? {}, depth + 2)
      }
    }
    showVars(groupVars(inv, name), depth + 1)
  }
  walk(group, 0)
  return lines.join('\n')
}

/** Ansible's _get_group_variables: inventory-file vars, group_vars beside the sources, priority. */
function groupVars(inv: Inventory, name: string): Vars {
  const g = inv.groups.get(name)!
  if (!(inv instanceof InventoryData)) return { ...g.vars }
  const out: Vars = Object.assign({}, g.vars, ...inv.varsDirs.layers('group_vars', name, 'inventory'))
  if (inv.priority(name) !== 1) out['ansible_group_priority'] = inv.priority(name)
  return out
}

/** Python's str() of a value, as Ansible prints vars in the graph. */
function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v)
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`
  return String(v)
}
