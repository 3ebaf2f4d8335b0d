import type { Inventory } from '../inventory/types.js'
import type { Play, Vars } from '../playbook/types.js'
import type { Scope, Templar } from '../template/types.js'
import { OMIT, makeScope } from '../template/index.js'
import type { HostState } from './host-state.js'

/** Per-run data the scope builder needs besides the host. */
export interface ScopeEnv {
  inventory: Inventory
  templar: Templar
  states: Map<string, HostState>
  extraVars: Vars
  check: boolean
  diff: boolean
}

/** Where the task sits: its play, role and the vars of enclosing blocks (outermost first). */
export interface TaskPlace {
  play: Play
  /** Hosts of the current batch / play, for play_hosts and ansible_play_hosts. */
  playHosts: string[]
  role?: { name: string; path: string; defaults: Vars; vars: Vars; params: Vars }
  blockVars: Vars[]
  taskVars?: Vars
  /** Loop variables (item, index_var, ansible_loop) and other per-call values. */
  extra?: Vars
}

/**
 * Variable precedence, lowest first (one table, as documented in the README):
 *  1 role defaults            2 inventory: all, parent groups, child groups, host
 *  3 facts                    4 play vars
 *  5 vars_files               6 role vars and role params
 *  7 block vars, task vars    8 registered vars and set_fact
 *  9 extra vars (-e)          10 magic variables (inventory_hostname, groups, hostvars...)
 *  Loop variables (item) sit with task vars.
 */
export function buildScope(env: ScopeEnv, host: string, place: TaskPlace): Scope {
  const st = env.states.get(host)
  const { play, role } = place
  const layers: Vars[] = []
  if (role) layers.push(role.defaults)
  layers.push(env.inventory.hostVars(host))
  if (st) layers.push(st.facts)
  layers.push(play.vars, ...play.varsFiles)
  if (role) layers.push(role.vars, role.params)
  layers.push(...place.blockVars)
  if (place.taskVars) layers.push(place.taskVars)
  if (place.extra) layers.push(place.extra)
  if (st) layers.push(st.hostVars)
  layers.push(env.extraVars)
  layers.push(magicVars(env, host, place))
  return makeScope(layers, env.templar)
}

/**
 * Play-level variables only, no host's (what Ansible templates task names with): role
 * defaults, play vars and vars_files, role vars, block and task vars, extra vars, and the
 * magic variables that do not depend on a host.
 */
export function playScope(env: ScopeEnv, place: TaskPlace): Scope {
  const { play, role } = place
  const layers: Vars[] = []
  if (role) layers.push(role.defaults)
  layers.push(play.vars, ...play.varsFiles)
  if (role) layers.push(role.vars, role.params)
  layers.push(...place.blockVars)
  if (place.taskVars) layers.push(place.taskVars)
  layers.push(env.extraVars)
  const m = magicVars(env, '', place)
  for (const k of ['inventory_hostname', 'inventory_hostname_short', 'group_names']) delete m[k]
  layers.push(m)
  return makeScope(layers, env.templar)
}

/** The scope of a host outside any task, for `hostvars[h]` and connection variables. */
export function hostScope(env: ScopeEnv, host: string, play: Play, playHosts: string[]): Scope {
  return buildScope(env, host, { play, playHosts, blockVars: [] })
}

function magicVars(env: ScopeEnv, host: string, place: TaskPlace): Vars {
  const inv = env.inventory
  const m: Vars = {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0] ?? host,
    group_names: inv.groupNames(host),
    groups: inv.groupsMap(),
    play_hosts: place.playHosts,
    ansible_play_hosts: place.playHosts,
    ansible_play_batch: place.playHosts,
    ansible_play_hosts_all: place.playHosts,
    playbook_dir: place.play.dir,
    ansible_check_mode: env.check,
    ansible_diff_mode: env.diff,
    ansible_play_name: place.play.name,
    omit: OMIT,
    hostvars: hostvarsProxy(env, place),
  }
  if (place.role) {
    m.role_name = place.role.name
    m.role_path = place.role.path
  }
  return m
}

/** `hostvars[h].x`: every host's variables, built only when read. */
function hostvarsProxy(env: ScopeEnv, place: TaskPlace): Vars {
  const cache = new Map<string, Scope>()
  const get = (h: string): Scope | undefined => {
    if (!env.inventory.hosts.has(h)) return undefined
    let s = cache.get(h)
    if (!s) cache.set(h, (s = hostScope(env, h, place.play, place.playHosts)))
    return s
  }
  return new Proxy({} as Vars, {
    get: (_t, k) => (typeof k === 'string' ? get(k) : undefined),
    has: (_t, k) => typeof k === 'string' && env.inventory.hosts.has(k),
    ownKeys: () => [...env.inventory.hosts.keys()],
    getOwnPropertyDescriptor: (_t, k) =>
      typeof k === 'string' && env.inventory.hosts.has(k)
        ? { enumerable: true, configurable: true, value: get(k) }
        : undefined,
  })
}
