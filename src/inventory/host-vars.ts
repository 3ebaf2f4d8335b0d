import type { InventoryData } from './model.js'
import type { Host } from './types.js'

type Vars = Record<string, unknown>

/**
 * The groups of a host in Ansible's merge order (sort_groups): by depth, then
 * ansible_group_priority, then name; 'all' excluded (it is always merged first).
 */
export function sortedGroups(inv: InventoryData, host: string): string[] {
  return [...inv.groupsOf(host)]
    .filter((g) => g !== 'all')
    .sort((a, b) => inv.depth(a) - inv.depth(b) || inv.priority(a) - inv.priority(b) || (a < b ? -1 : a > b ? 1 : 0))
}

/** The layers documented on `InventoryData.hostVars`, merged with replace semantics. */
export function layeredHostVars(inv: InventoryData, host: Host): Vars {
  const groups = sortedGroups(inv, host.name)
  const dirs = inv.varsDirs
  const layers: Vars[] = [inv.groups.get('all')?.vars ?? {}]
  for (const g of groups) layers.push(inv.groups.get(g)?.vars ?? {})
  layers.push(...dirs.layers('group_vars', 'all', 'inventory'), ...dirs.layers('group_vars', 'all', 'play'))
  // per directory, then per group: Ansible walks sources outermost
  for (const dir of [...dirs.inventoryDirs, ...dirs.playDirs]) {
    for (const g of groups) {
      const v = dirs.at('group_vars', g, dir)
      if (v) layers.push(v)
    }
  }
  layers.push(host.vars) // inline vars, with host_vars files folded in by the loader
  return Object.assign({}, ...layers) as Vars
}
