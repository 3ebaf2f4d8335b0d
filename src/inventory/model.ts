import { KrunError, type SourcePos } from '../core/errors.js'
import { layeredHostVars } from './host-vars.js'
import { implicitLocalhost } from './localhost.js'
import type { Group, Host, Inventory } from './types.js'
import { VarsDirs } from './vars-files.js'

type Vars = Record<string, unknown>

/**
 * The inventory being built by the loaders and then read by the engine. Mirrors Ansible's
 * InventoryData: 'all' and 'ungrouped' exist from the start, `reconcile()` makes parentless
 * groups children of 'all' and puts hosts without a group into 'ungrouped'.
 */
export class InventoryData implements Inventory {
  readonly hosts = new Map<string, Host>()
  readonly groups = new Map<string, Group>()
  readonly sources: string[] = []
  readonly warnings: string[] = []
  /** group_vars/host_vars beside the sources and the playbook. */
  varsDirs = new VarsDirs([], [])
  private readonly priorities = new Map<string, number>()
  private readonly parents = new Map<string, string[]>()
  private depths: Map<string, number> | undefined
  private groupsCache: Record<string, string[]> | undefined
  private readonly varsCache = new Map<string, Vars>()

  constructor() {
    this.addGroup('all')
    this.addGroup('ungrouped')
    this.addChild('all', 'ungrouped')
  }

  /** Returns the group, creating it empty if needed. */
  addGroup(name: string): Group {
    let g = this.groups.get(name)
    if (!g) {
      g = { name, hosts: [], children: [], vars: {} }
      this.groups.set(name, g)
      this.parents.set(name, [])
      this.changed()
    }
    return g
  }

  /** Returns the host, creating it; puts it in `group` and sets ansible_port when given. */
  addHost(name: string, group?: string, port?: number, source?: string): Host {
    let h = this.hosts.get(name)
    if (!h) {
      h = { name, vars: {}, groups: [] }
      if (source !== undefined) h.source = source
      this.hosts.set(name, h)
    }
    if (port !== undefined) h.vars['ansible_port'] = port
    if (group !== undefined) {
      const g = this.addGroup(group)
      if (!g.hosts.includes(name)) g.hosts.push(name)
      if (group !== 'all' && !h.groups.includes(group)) h.groups.push(group)
    }
    this.changed()
    return h
  }

  /** Makes `child` a child group of `parent`; a cycle is a KrunError at `pos`. */
  addChild(parent: string, child: string, pos?: SourcePos): void {
    const p = this.addGroup(parent)
    this.addGroup(child)
    if (p.children.includes(child)) return
    const path = parent === child ? [child] : this.pathDown(child, parent)
    if (path) {
      throw new KrunError('E_INVENTORY_CYCLE', `group '${child}' as a child of '${parent}' makes a cycle: ${[parent, ...path].join(' -> ')}`, pos)
    }
    p.children.push(child)
    this.parents.get(child)!.push(parent)
    this.changed()
  }

  /** Sets a group variable; ansible_group_priority sets the merge priority instead, as in Ansible. */
  setGroupVar(group: string, key: string, value: unknown): void {
    const g = this.addGroup(group)
    if (key === 'ansible_group_priority') this.priorities.set(group, Number.parseInt(String(value), 10) || 1)
    else g.vars[key] = value
    this.changed()
  }

  /** Ansible's reconcile_inventory: parentless groups under 'all', groupless hosts in 'ungrouped'. */
  reconcile(): void {
    for (const name of this.groups.keys()) {
      if (name !== 'all' && this.parents.get(name)!.length === 0) this.addChild('all', name)
    }
    const ungrouped = this.groups.get('ungrouped')!
    for (const h of this.hosts.values()) {
      if (h.implicit) continue
      const real = h.groups.filter((g) => g !== 'ungrouped')
      const inUngrouped = ungrouped.hosts.includes(h.name)
      if (real.length && inUngrouped) {
        ungrouped.hosts = ungrouped.hosts.filter((n) => n !== h.name)
        h.groups = real
      } else if (!real.length && !inUngrouped) {
        this.addHost(h.name, 'ungrouped')
      }
      if (this.groups.has(h.name)) this.warnings.push(`found both group and host with the same name: ${h.name}`)
    }
    this.changed()
  }

  /** The merge priority of a group (ansible_group_priority, default 1). */
  priority(group: string): number {
    return this.priorities.get(group) ?? 1
  }

  /** Longest distance from 'all' (all = 0), as Ansible's Group.depth. */
  depth(group: string): number {
    if (!this.depths) this.depths = new Map([['all', 0]])
    const known = this.depths.get(group)
    if (known !== undefined) return known
    const ps = this.parents.get(group) ?? []
    const d = ps.length ? Math.max(...ps.map((p) => this.depth(p) + 1)) : 1
    this.depths.set(group, d)
    return d
  }

  /** Every group containing the host directly or through children, 'all' included. */
  groupsOf(host: string): Set<string> {
    const out = new Set<string>()
    const h = this.hosts.get(host)
    if (!h || h.implicit) return out
    const todo = [...h.groups, 'all']
    for (let g = todo.pop(); g !== undefined; g = todo.pop()) {
      if (out.has(g)) continue
      out.add(g)
      todo.push(...(this.parents.get(g) ?? []))
    }
    return out
  }

  /** Hosts of a group as Ansible orders them: its own, then its children's, breadth first. */
  groupHosts(group: string): string[] {
    const order = [group]
    for (let i = 0; i < order.length; i++) {
      for (const c of this.groups.get(order[i]!)?.children ?? []) if (!order.includes(c)) order.push(c)
    }
    const seen = new Set<string>()
    for (const g of order) {
      for (const h of this.groups.get(g)?.hosts ?? []) if (!(group === 'all' && this.hosts.get(h)?.implicit)) seen.add(h)
    }
    return [...seen]
  }

  /**
   * Variables of a host from the inventory, lowest precedence first (Ansible's defaults,
   * hash_behaviour=replace: a later key replaces an earlier one, dicts are not merged):
   *
   * | # | layer                                                                  |
   * |---|------------------------------------------------------------------------|
   * | 1 | 'all' group vars from inventory files (`[all:vars]`, `all: vars:`)     |
   * | 2 | other groups' inventory-file vars, by depth (parent before child), then ansible_group_priority, then name |
   * | 3 | `group_vars/all` beside the inventory sources                          |
   * | 4 | `group_vars/all` beside the playbook (extraVarsDirs)                   |
   * | 5 | `group_vars/<group>` beside the inventory, groups in the order of 2   |
   * | 6 | `group_vars/<group>` beside the playbook, groups in the order of 2    |
   * | 7 | host vars from inventory files (inline, `host:port` -> ansible_port)  |
   * | 8 | `host_vars/<host>` beside the inventory                                |
   * | 9 | `host_vars/<host>` beside the playbook                                 |
   *
   * This is Ansible's documented order (3-10 of "variable precedence"): every group_vars
   * file beats every inventory-file group var. Returns a fresh object each call.
   */
  hostVars(host: string): Vars {
    let v = this.varsCache.get(host)
    if (!v) {
      const h = this.hosts.get(host) ?? implicitLocalhost(this, host)
      if (!h) throw new KrunError('E_INVENTORY_UNKNOWN_HOST', `host '${host}' is not in the inventory`)
      v = layeredHostVars(this, h)
      this.varsCache.set(host, v)
    }
    return { ...v }
  }

  /** Ansible's group_names: groups of the host (direct or inherited), sorted, without 'all'. */
  groupNames(host: string): string[] {
    return [...this.groupsOf(host)].filter((g) => g !== 'all').sort()
  }

  /** Ansible's `groups`: every group, 'all' and 'ungrouped' included, to its hosts. Shared: do not mutate. */
  groupsMap(): Record<string, string[]> {
    if (!this.groupsCache) {
      this.groupsCache = {}
      for (const name of this.groups.keys()) this.groupsCache[name] = this.groupHosts(name)
    }
    return this.groupsCache
  }

  /** Path of child links from `from` down to `to`, or undefined. */
  private pathDown(from: string, to: string, seen = new Set<string>()): string[] | undefined {
    if (from === to) return [to]
    if (seen.has(from)) return undefined
    seen.add(from)
    for (const c of this.groups.get(from)?.children ?? []) {
      const rest = this.pathDown(c, to, seen)
      if (rest) return [from, ...rest]
    }
    return undefined
  }

  /** Any change to hosts or groups invalidates what was derived from them. */
  changed(): void {
    this.depths = undefined
    this.groupsCache = undefined
    this.varsCache.clear()
  }
}
