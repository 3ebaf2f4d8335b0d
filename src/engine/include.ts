import { isAbsolute, join } from 'node:path'
import { KrunError, errorMessage } from '../core/errors.js'
import type { IncludeNode, Node, Vars } from '../playbook/types.js'
import type { Engine, RunPlace } from './context.js'
import { loopItems } from './loop.js'
import { buildScope } from './scope.js'
import { enter, selected } from './node-runner.js'

type Walk = (en: Engine, nodes: Node[], hosts: string[], rp: RunPlace) => Promise<void>

/**
 * include_tasks / include_role, resolved per host when reached: hosts that resolve to the same
 * file and the same loop item run the included tasks together, in lockstep.
 */
export async function runInclude(en: Engine, node: IncludeNode, hosts: string[], rp: RunPlace, walk: Walk): Promise<void> {
  if (!selected(en, node, rp)) return
  const t = en.opts.templar
  const info = { name: `${node.what === 'role' ? 'include_role' : 'include_tasks'} : ${node.target}`, action: `include_${node.what}`, pos: node.pos, isHandler: false }
  const groups = new Map<string, { target: string; item: Vars; hosts: string[] }>()
  for (const h of hosts) {
    try {
      const scope = buildScope(en.env, h, { ...rp.place, role: rp.inh.role, blockVars: [...rp.inh.blockVars, node.vars] })
      if (!node.when.every((c) => t.test(c, scope))) {
        en.report({ host: h, task: info, status: 'skipped', msg: 'Conditional result was False', durationMs: 0 })
        continue
      }
      const items: Vars[] = node.loop === undefined ? [{}] : loopItems('loop', t.render(node.loop, scope), node.pos, node.baseDir).map((item) => ({ [node.loop_control?.loop_var ?? 'item']: item }))
      for (const item of items) {
        const target = String(t.render(node.target, buildScope(en.env, h, { ...rp.place, role: rp.inh.role, blockVars: [...rp.inh.blockVars, node.vars], extra: item })))
        const key = `${target}\0${JSON.stringify(item)}`
        const g = groups.get(key) ?? { target, item, hosts: [] }
        g.hosts.push(h)
        groups.set(key, g)
      }
    } catch (e) {
      en.states.get(h)!.failed = true
      en.stats.get(h)!.failed++
      en.report({ host: h, task: info, status: 'failed', msg: errorMessage(e), durationMs: 0 })
    }
  }
  for (const g of groups.values()) {
    let nodes: Node[]
    try {
      if (!en.opts.loadInclude) throw new KrunError('E_INCLUDE', 'dynamic includes are not available in this run', node.pos)
      const file = node.what === 'tasks' && !isAbsolute(g.target) ? join(node.baseDir, g.target) : g.target
      nodes = en.opts.loadInclude(file, node)
    } catch (e) {
      for (const h of g.hosts) {
        en.states.get(h)!.failed = true
        en.stats.get(h)!.failed++
        en.report({ host: h, task: info, status: 'failed', msg: errorMessage(e), durationMs: 0 })
      }
      continue
    }
    for (const h of g.hosts) en.report({ host: h, task: { ...info, name: `included: ${g.target}` }, status: 'ok', msg: `included: ${g.target}`, durationMs: 0 })
    const inner = enter(rp, { ...node, vars: { ...node.vars, ...g.item } })
    inner.inh.applyTags = [...rp.inh.applyTags, ...node.applyTags]
    await walk(en, nodes, g.hosts, inner)
  }
}
