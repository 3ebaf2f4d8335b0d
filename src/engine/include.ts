import { isAbsolute, join } from 'node:path'
import { errorMessage } from '../core/errors.js'
import type { TaskInfo } from '../core/results.js'
import { loadIncludedRole, loadIncludedTasks } from '../playbook/index.js'
import type { IncludeNode, Node, Play, TaskNode, Vars } from '../playbook/types.js'
import type { Engine, RunPlace } from './context.js'
import { loopItems } from './loop.js'
import { buildScope } from './scope.js'
import { enter, selected } from './node-runner.js'

type Walk = (en: Engine, nodes: Node[], hosts: string[], rp: RunPlace) => Promise<void>

/** One resolved include: the file or role, the loop item, and the hosts that share them. */
interface Group {
  target: string
  item: Vars
  label?: string
  hosts: string[]
}

/**
 * include_tasks / include_role, resolved per host when reached: hosts that resolve to the same
 * file and the same loop item run the included tasks together, in lockstep.
 */
export async function runInclude(en: Engine, node: IncludeNode, hosts: string[], rp: RunPlace, walk: Walk): Promise<void> {
  if (!selected(en, node, rp)) return
  const kind = node.what === 'role' ? 'include_role' : 'include_tasks'
  const info: TaskInfo = { name: node.name ?? `${kind} : ${node.target}`, action: kind, pos: node.pos, isHandler: false }
  en.opts.reporter.taskStart?.({ task: info, hosts })
  const fail = (h: string, e: unknown): void => {
    en.states.get(h)!.failed = true
    en.stats.get(h)!.failed++
    en.report({ host: h, task: info, status: 'failed', msg: errorMessage(e), durationMs: 0 })
  }
  const groups = resolve(en, node, hosts, rp, info, fail)
  const loaded: Array<{ g: Group; nodes: Node[] }> = []
  for (const g of groups.values()) {
    try {
      const nodes = load(en, node, g.target, rp.place.play)
      loaded.push({ g, nodes })
      for (const h of g.hosts) en.report({ host: h, task: info, status: 'ok', msg: `included: ${g.target} for ${h}`, durationMs: 0, ...(g.label !== undefined ? { item: g.label } : {}) })
    } catch (e) {
      g.hosts.forEach((h) => fail(h, e))
    }
  }
  en.opts.reporter.taskEnd?.({ task: info })
  for (const { g, nodes } of loaded) {
    const inner = enter(rp, { ...node, vars: { ...node.vars, ...g.item } })
    inner.inh.applyTags = [...rp.inh.applyTags, ...node.applyTags]
    await walk(en, nodes, g.hosts.filter((h) => en.states.get(h)!.active), inner)
  }
}

/** Evaluates when/loop/target per host and groups the hosts by (target, item). */
function resolve(en: Engine, node: IncludeNode, hosts: string[], rp: RunPlace, info: TaskInfo, fail: (h: string, e: unknown) => void): Map<string, Group> {
  const t = en.opts.templar
  const groups = new Map<string, Group>()
  const place = { ...rp.place, role: rp.inh.role, blockVars: [...rp.inh.blockVars, node.vars] }
  for (const h of hosts) {
    try {
      const scope = buildScope(en.env, h, place)
      if (!node.when.every((c) => t.test(c, scope))) {
        en.stats.get(h)!.skipped++
        en.report({ host: h, task: info, status: 'skipped', msg: 'Conditional result was False', durationMs: 0 })
        continue
      }
      const loopVar = node.loop_control?.loop_var ?? 'item'
      const items: Array<Vars | undefined> = node.loop === undefined ? [undefined] : loopItems('loop', t.render(node.loop, scope), node.pos, node.baseDir).map((item) => ({ [loopVar]: item }))
      for (const [i, item] of items.entries()) {
        const extra: Vars = { ...item, ...(node.loop_control?.index_var ? { [node.loop_control.index_var]: i } : {}) }
        const s = buildScope(en.env, h, { ...place, extra })
        const target = String(t.render(node.target, s))
        const label = item === undefined ? undefined : node.loop_control?.label ? String(t.render(node.loop_control.label, s)) : labelOf(item[loopVar])
        const key = `${target}\0${JSON.stringify(extra)}`
        const g = groups.get(key) ?? { target, item: extra, label, hosts: [] }
        g.hosts.push(h)
        groups.set(key, g)
      }
    } catch (e) {
      fail(h, e)
    }
  }
  return groups
}

function labelOf(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** Loads the included file or role (parsed once per include and target); a role's handlers join the play. */
function load(en: Engine, node: IncludeNode, target: string, play: Play): Node[] {
  const lo = { modules: en.opts.modules, extraVars: en.opts.extraVars }
  if (node.what === 'role') {
    const { nodes, handlers } = loadIncludedRole(target, node, { ...lo, playbookDir: play.dir })
    addHandlers(en, play, handlers)
    return nodes
  }
  const file = isAbsolute(target) ? target : join(node.baseDir, target)
  return loadIncludedTasks(file, node, lo)
}

/** Handlers of a role included at run time, unless the play already has them (a static name adds them at load). */
function addHandlers(en: Engine, play: Play, handlers: TaskNode[]): void {
  const list = en.roleHandlers.get(play) ?? []
  const known = [...play.handlers, ...list]
  for (const h of handlers) {
    if (!known.some((k) => k === h || (k.name === h.name && k.role?.path === h.role?.path))) list.push(h)
  }
  en.roleHandlers.set(play, list)
}
