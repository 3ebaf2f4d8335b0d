import { KrunError, type SourcePos } from '../core/errors.js'
import type { InventoryData } from './model.js'
import { parseIniValue } from './py-literal.js'
import { expandHostAt } from './ranges.js'
import { shlexSplit } from '../core/shlex.js'
import { closest } from './suggest.js'

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/
type State = 'hosts' | 'children' | 'vars'

/**
 * Reads an Ansible INI inventory into `inv`, as Ansible's ini plugin does: lines before any
 * section are hosts of 'ungrouped'; `[g]` hosts, `[g:children]` groups, `[g:vars]` key=value.
 * Inline host values and `:vars` values both go through Python's literal_eval (as the
 * plugin's code does, whatever its docs say), falling back to the plain string.
 * Every problem is a KrunError at `file:line`.
 */
export function parseIni(text: string, file: string, inv: InventoryData): void {
  // groups named in [x:children] or [x:vars] before being declared, checked at the end
  const pendingChildren = new Map<string, { parent: string; pos: SourcePos }[]>()
  const pendingVars = new Map<string, SourcePos>()
  let group = 'ungrouped'
  let state: State = 'hosts'
  const lines = text.split(/\r?\n/)
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim()
    const pos: SourcePos = { file, line: n + 1 }
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    const m = SECTION.exec(line)
    if (m) {
      group = m[1]!
      const kind = m[2] ?? 'hosts'
      if (kind !== 'hosts' && kind !== 'children' && kind !== 'vars') {
        const hint = closest(kind, ['children', 'vars'])
        throw new KrunError('E_INVENTORY_SYNTAX', `section [${group}:${kind}] has unknown type '${kind}' (expected children or vars)`, pos, hint && `did you mean [${group}:${hint}]?`)
      }
      state = kind
      if (!inv.groups.has(group) && state === 'vars') pendingVars.set(group, pos)
      inv.addGroup(group)
      if (state !== 'vars') {
        pendingVars.delete(group)
        for (const p of pendingChildren.get(group) ?? []) inv.addChild(p.parent, group, p.pos)
        pendingChildren.delete(group)
      }
      continue
    }
    if (line.startsWith('[') && !line.includes(']')) {
      throw new KrunError('E_INVENTORY_SYNTAX', `section header '${line}' is missing its closing ']'`, pos, 'a header is [group], [group:children] or [group:vars]')
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      throw new KrunError('E_INVENTORY_SYNTAX', `invalid section header '${line}'`, pos, 'a header is [group], [group:children] or [group:vars], without spaces')
    }
    if (state === 'hosts') hostLine(line, group, pos, inv)
    else if (state === 'vars') varsLine(line, group, pos, inv)
    else {
      const child = GROUP_NAME.exec(line)?.[1]
      if (!child) throw new KrunError('E_INVENTORY_SYNTAX', `expected a group name in [${group}:children], got '${line}'`, pos)
      if (inv.groups.has(child)) inv.addChild(group, child, pos)
      else pendingChildren.set(child, [...(pendingChildren.get(child) ?? []), { parent: group, pos }])
    }
  }
  for (const [child, refs] of pendingChildren) {
    const ref = refs[0]!
    const hint = closest(child, [...inv.groups.keys()])
    throw new KrunError('E_INVENTORY_UNDEFINED_GROUP', `unknown group '${child}' in [${ref.parent}:children]`, ref.pos, hint ? `did you mean '${hint}'?` : `declare it with [${child}]`)
  }
  for (const [g, pos] of pendingVars) {
    throw new KrunError('E_INVENTORY_UNDEFINED_GROUP', `[${g}:vars] for a group that is never declared`, pos, `declare it with [${g}] or [${g}:children]`)
  }
}

/** `web[01:03]:2222 ansible_user=admin msg="a b"` */
function hostLine(line: string, group: string, pos: SourcePos, inv: InventoryData): void {
  let tokens: string[]
  try {
    tokens = shlexSplit(line, { comments: true })
  } catch (e) {
    throw new KrunError('E_INVENTORY_SYNTAX', `cannot parse host line '${line}': ${(e as Error).message}`, pos)
  }
  const [pattern, ...assignments] = tokens
  if (pattern === undefined) return
  const vars: Record<string, unknown> = {}
  for (const t of assignments) {
    const eq = t.indexOf('=')
    if (eq <= 0) {
      throw new KrunError('E_INVENTORY_SYNTAX', `expected key=value host variable after '${pattern}', got '${t}'`, pos, 'quote values that contain spaces: key="a b"')
    }
    vars[t.slice(0, eq)] = parseIniValue(t.slice(eq + 1))
  }
  const expanded = expandHostAt(pattern, pos)
  if (pattern.endsWith(':') && expanded.port === undefined) {
    throw new KrunError('E_INVENTORY_SYNTAX', `invalid host '${pattern}': a trailing ':' must be followed by a port`, pos)
  }
  if (expanded.hosts.includes('---')) {
    throw new KrunError('E_INVENTORY_SYNTAX', `invalid host '---'`, pos, 'this looks like a YAML file; name it .yml or start it with a group key')
  }
  for (const h of expanded.hosts) {
    inv.addHost(h, group, expanded.port, pos.file)
    for (const [k, v] of Object.entries(vars)) inv.hosts.get(h)!.vars[k] = v
  }
}

/** `key = value` in [group:vars]: everything after the first '=' is the value. */
function varsLine(line: string, group: string, pos: SourcePos, inv: InventoryData): void {
  const eq = line.indexOf('=')
  const key = eq < 0 ? '' : line.slice(0, eq).trim()
  if (!key) throw new KrunError('E_INVENTORY_SYNTAX', `expected key=value in [${group}:vars], got '${line}'`, pos)
  inv.setGroupVar(group, key, parseIniValue(line.slice(eq + 1).trim()))
}
