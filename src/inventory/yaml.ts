import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml'
import { KrunError, formatPos } from '../core/errors.js'
import type { InventoryData } from './model.js'
import { expandHostAt } from './ranges.js'
import { describe, jsOf, parseYamlFile, posOf, type YamlFile } from './yaml-doc.js'

const SECTIONS = ['vars', 'children', 'hosts'] as const

/**
 * Reads an Ansible YAML inventory into `inv`, as Ansible's yaml plugin does: every top-level
 * key is a group (usually just `all`), each with optional `hosts` (name -> vars; names may
 * hold ranges and a `:port`), `vars` and `children` (nested groups of the same shape).
 * Values keep their YAML types. Structural errors are KrunErrors at `file:line:col`;
 * keys Ansible would skip with a warning go to `inv.warnings`.
 */
export function parseYamlInventory(text: string, file: string, inv: InventoryData): void {
  const y = parseYamlFile(text, file, 'E_INVENTORY_YAML')
  const root = y.doc.contents
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return
  if (!isMap(root)) {
    throw new KrunError('E_INVENTORY_YAML', `an inventory must be a mapping of groups, found ${describe(jsOf(y, root))}`, posOf(y, root))
  }
  for (const pair of root.items) parseGroup(y, inv, pair)
}

function keyName(y: YamlFile, pair: Pair): string {
  return String(jsOf(y, pair.key))
}

/** One `name: {hosts, vars, children}` entry; returns the group name, or undefined when skipped. */
function parseGroup(y: YamlFile, inv: InventoryData, pair: Pair): string | undefined {
  const name = keyName(y, pair)
  const body = pair.value
  const bodyJs = jsOf(y, body)
  if (bodyJs !== null && !isMap(body)) {
    inv.warnings.push(`${formatPos(posOf(y, pair.key))}: skipping '${name}': a group must be a mapping, found ${describe(bodyJs)}`)
    return undefined
  }
  inv.addGroup(name)
  if (!isMap(body)) return name
  for (const item of body.items) {
    const key = keyName(y, item)
    const section = SECTIONS.find((s) => s === key)
    if (!section) {
      inv.warnings.push(`${formatPos(posOf(y, item.key))}: skipping unexpected key '${key}' in group '${name}', only vars, children and hosts are valid`)
      continue
    }
    const entries = sectionEntries(y, name, section, item)
    if (section === 'vars') for (const e of entries) inv.setGroupVar(name, keyName(y, e), jsOf(y, e.value))
    else if (section === 'children') {
      for (const e of entries) {
        const child = parseGroup(y, inv, e)
        if (child !== undefined) inv.addChild(name, child, posOf(y, e.key))
      }
    } else for (const e of entries) parseHost(y, inv, name, e)
  }
  return name
}

/** The pairs of a section; a bare string is one key with no value, as Ansible allows. */
function sectionEntries(y: YamlFile, group: string, section: string, item: Pair): Pair[] {
  const v = item.value
  if (isMap(v)) return (v as YAMLMap).items as Pair[]
  const js = jsOf(y, v)
  if (js === null) return []
  if (typeof js === 'string') return [{ key: v, value: null } as unknown as Pair]
  throw new KrunError('E_INVENTORY_YAML', `invalid "${section}" entry for group '${group}': expected a mapping, found ${describe(js)}`, posOf(y, v ?? item.key),
    section === 'hosts' ? 'list hosts as keys: "hosts: {web1: {}, web2: {}}" or one per line "web1:"' : undefined)
}

function parseHost(y: YamlFile, inv: InventoryData, group: string, pair: Pair): void {
  const pattern = keyName(y, pair)
  const pos = posOf(y, pair.key)
  const vars = jsOf(y, pair.value)
  if (vars !== null && (typeof vars !== 'object' || Array.isArray(vars))) {
    throw new KrunError('E_INVENTORY_YAML', `host '${pattern}' in group '${group}' must map to variables, found ${describe(vars)}`, posOf(y, pair.value))
  }
  const expanded = expandHostAt(pattern, pos)
  for (const h of expanded.hosts) {
    const host = inv.addHost(h, group, expanded.port, y.file)
    Object.assign(host.vars, vars ?? {})
  }
}
