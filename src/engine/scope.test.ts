import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadInventory } from '../inventory/index.js'
import type { Play, Vars } from '../playbook/types.js'
import { createTemplar } from '../template/index.js'
import type { Scope } from '../template/types.js'
import { HostState } from './host-state.js'
import { buildScope, type ScopeEnv, type TaskPlace } from './scope.js'

/** Where one precedence layer lives; every layer sets `v` to its own label. */
interface Layer {
  label: string
  /** Lines for the INI inventory, keyed by section. */
  ini?: [section: string, line: string]
  /** A vars file beside the inventory (group_vars/x.yml, host_vars/h1.yml). */
  file?: string
  /** Engine-side layers: role, play, block, task, host state, extra vars. */
  put?: (w: World) => void
}

/** The engine-side inputs of buildScope, filled by the layers present in a row. */
interface World {
  role: { name: string; path: string; defaults: Vars; vars: Vars; params: Vars }
  play: Play
  blockVars: Vars[]
  taskVars: Vars
  state: HostState
  extraVars: Vars
}

/**
 * Ansible's variable precedence, lowest first, as krun implements it. The inventory part is
 * Ansible's real order: every group_vars file beats every INI `[group:vars]` line, and
 * parent groups lose to their children.
 */
const TABLE: Layer[] = [
  { label: 'role defaults', put: (w) => (w.role.defaults.v = 'role defaults') },
  { label: 'ini [all:vars]', ini: ['all:vars', 'v=ini_all'] },
  { label: 'ini [parent:vars]', ini: ['parent:vars', 'v=ini_parent'] },
  { label: 'ini [child:vars]', ini: ['child:vars', 'v=ini_child'] },
  { label: 'group_vars/all', file: 'group_vars/all.yml' },
  { label: 'group_vars/parent', file: 'group_vars/parent.yml' },
  { label: 'group_vars/child', file: 'group_vars/child.yml' },
  { label: 'ini inline host var', ini: ['child', 'h1 v=ini_host'] },
  { label: 'host_vars/h1', file: 'host_vars/h1.yml' },
  { label: 'facts', put: (w) => (w.state.facts.v = 'facts') },
  { label: 'play vars', put: (w) => (w.play.vars.v = 'play vars') },
  { label: 'vars_files (first)', put: (w) => w.play.varsFiles.splice(0, 0, { v: 'vars_files (first)' }) },
  { label: 'vars_files (last)', put: (w) => w.play.varsFiles.push({ v: 'vars_files (last)' }) },
  { label: 'role vars', put: (w) => (w.role.vars.v = 'role vars') },
  { label: 'role params', put: (w) => (w.role.params.v = 'role params') },
  { label: 'outer block vars', put: (w) => w.blockVars.splice(0, 0, { v: 'outer block vars' }) },
  { label: 'inner block vars', put: (w) => w.blockVars.push({ v: 'inner block vars' }) },
  { label: 'task vars', put: (w) => (w.taskVars.v = 'task vars') },
  { label: 'registered / set_fact', put: (w) => (w.state.hostVars.v = 'registered / set_fact') },
  { label: 'extra vars', put: (w) => (w.extraVars.v = 'extra vars') },
]

const ini = (value: string): string => value.replace(/^v=/, '')
const INI_VALUE: Record<string, string> = Object.fromEntries(
  TABLE.filter((l) => l.ini).map((l) => [ini(l.ini![1].split(' ').pop()!), l.label]),
)

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function emptyPlay(dir: string): Play {
  return {
    pos: { file: join(dir, 'site.yml') }, name: 'p', hosts: 'all', vars: {}, varsFiles: [],
    pre_tasks: [], roles: [], tasks: [], post_tasks: [], handlers: [], tags: [], serial: [],
    gather_facts: false, any_errors_fatal: false, strategy: 'linear', dir,
  }
}

/** Writes an inventory with the given layers, loads it for real, and builds h1's scope. */
function scopeWith(layers: Layer[], extra: Partial<World> = {}): { scope: Scope; w: World; env: ScopeEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'krun-scope-'))
  dirs.push(dir)
  const sections = new Map<string, string[]>([['child', []], ['parent:children', ['child']], ['other', ['h2']]])
  for (const l of layers) {
    if (l.ini) sections.set(l.ini[0], [...(sections.get(l.ini[0]) ?? []), l.ini[1]])
    if (l.file) {
      mkdirSync(join(dir, l.file, '..'), { recursive: true })
      writeFileSync(join(dir, l.file), `v: "${l.label}"\n`)
    }
  }
  const child = sections.get('child')!
  if (!child.some((line) => line.startsWith('h1'))) child.unshift('h1')
  writeFileSync(join(dir, 'hosts.ini'), [...sections].map(([s, lines]) => `[${s}]\n${lines.join('\n')}\n`).join('\n'))
  const inventory = loadInventory([join(dir, 'hosts.ini')])
  const w: World = {
    role: { name: 'r', path: join(dir, 'roles/r'), defaults: {}, vars: {}, params: {} },
    play: emptyPlay(dir), blockVars: [], taskVars: {}, state: new HostState(), extraVars: {},
    ...extra,
  }
  for (const l of layers) l.put?.(w)
  const templar = createTemplar()
  const env: ScopeEnv = { inventory, templar, states: new Map([['h1', w.state], ['h2', new HostState()]]), extraVars: w.extraVars, check: false, diff: false }
  const place: TaskPlace = { play: w.play, playHosts: ['h1', 'h2'], role: w.role, blockVars: w.blockVars, taskVars: w.taskVars }
  return { scope: buildScope(env, 'h1', place), w, env }
}

/** The label of the layer that gave `v` (INI values cannot hold spaces, so they map back). */
function winner(scope: Scope): string {
  const v = String(scope.v)
  return INI_VALUE[v] ?? v
}

describe('variable precedence (lowest first)', () => {
  // Row i: layers 0..i are present, so layer i must win; removing it, layer i-1 must.
  const rows = TABLE.map((top, i) => ({ top: top.label, below: TABLE[i - 1]?.label ?? '(undefined)', present: TABLE.slice(0, i + 1) }))

  it.each(rows)('$top beats $below', ({ top, present }) => {
    expect(winner(scopeWith(present).scope)).toBe(top)
  })

  it('with every layer present, extra vars win; without any, v is undefined', () => {
    expect(winner(scopeWith(TABLE).scope)).toBe('extra vars')
    expect(scopeWith([]).scope.v).toBeUndefined()
  })
})

describe('scope behaviour Ansible users rely on', () => {
  it('a low layer renders lazily against higher ones (a role default using an extra var)', () => {
    const { scope } = scopeWith([], {
      role: { name: 'r', path: '/r', defaults: { url: 'http://{{ host }}:{{ port }}' }, vars: {}, params: {} },
      extraVars: { host: 'api', port: 6443 },
    })
    expect(scope.url).toBe('http://api:6443')
  })

  it('magic variables cannot be overridden by user layers and describe the host', () => {
    const { scope } = scopeWith([], { extraVars: { inventory_hostname: 'evil' } })
    expect(scope.inventory_hostname).toBe('h1')
    expect(scope.group_names).toEqual(['child', 'parent'])
    expect((scope.groups as Record<string, string[]>).parent).toEqual(['h1'])
    expect(scope.play_hosts).toEqual(['h1', 'h2'])
  })

  it("hostvars[other] sees the other host's own inventory and registered values", () => {
    const { env, w } = scopeWith([{ label: 'group_vars/other', file: 'group_vars/other.yml' }])
    env.states.get('h2')!.hostVars.reg = { rc: 0 }
    const scope = buildScope(env, 'h1', { play: w.play, playHosts: ['h1', 'h2'], blockVars: [] })
    const hv = scope.hostvars as Record<string, Record<string, unknown>>
    expect(hv.h2!.v).toBe('group_vars/other')
    expect(hv.h2!.reg).toEqual({ rc: 0 })
    expect(hv.h1!.v).toBeUndefined()
    expect(Object.keys(hv).sort()).toEqual(['h1', 'h2'])
  })
})
