import pLimit from 'p-limit'
import type { BlockNode, IncludeNode, Node, TaskNode } from '../playbook/types.js'
import { selectTags } from '../playbook/index.js'
import { INHERITED_KEYWORDS, concurrency, type Engine, type Inherited, type RunPlace } from './context.js'
import { flushHandlers } from './handlers.js'
import { runInclude } from './include.js'
import { buildScope } from './scope.js'
import { runTaskOnHost, taskInfo } from './task-runner.js'
import { taskLabel } from '../playbook/index.js'

/**
 * Stops the walk for every host of the batch: `end_play` (meta, the rest of the play),
 * `end_batch` (meta, this batch only), `fatal` (any_errors_fatal, max_fail_percentage: the playbook).
 */
export class EndPlay extends Error {
  constructor(readonly why: 'end_play' | 'end_batch' | 'fatal') {
    super(why)
  }
}

/** Hosts of the batch still taking tasks. */
export function activeHosts(en: Engine, hosts: string[]): string[] {
  return hosts.filter((h) => en.states.get(h)!.active)
}

/**
 * Runs nodes in order across hosts, linear strategy: each task finishes on every host before
 * the next starts. Blocks keep lockstep: their rescue runs for the hosts that failed inside,
 * their always for every host that entered.
 */
export async function runNodes(en: Engine, nodes: Node[], hosts: string[], rp: RunPlace): Promise<void> {
  for (const node of nodes) {
    const live = activeHosts(en, hosts)
    if (live.length === 0) return
    if (node.kind === 'block') await runBlock(en, node, live, rp)
    else if (node.kind === 'include') await runInclude(en, node, live, rp, runNodes)
    else await runTask(en, node, live, rp)
  }
}

/** The place seen by the children of a block: its vars and keywords on top of the parent's. */
export function enter(rp: RunPlace, n: BlockNode | IncludeNode): RunPlace {
  const p = rp.inh
  const inh: Inherited = {
    ...p,
    blockVars: Object.keys(n.vars).length ? [...p.blockVars, n.vars] : p.blockVars,
    role: n.role ?? p.role,
  }
  for (const k of INHERITED_KEYWORDS) {
    if (n[k] !== undefined) (inh as unknown as Record<string, unknown>)[k] = n[k]
  }
  return { place: rp.place, inh }
}

async function runBlock(en: Engine, b: BlockNode, hosts: string[], rp: RunPlace): Promise<void> {
  const inner = enter(rp, b)
  // a failure the rescue will handle does not trip any_errors_fatal / max_fail_percentage
  await runNodes(en, b.block, hosts, b.rescue.length ? { ...inner, inh: { ...inner.inh, rescuable: true } } : inner)
  const failed = hosts.filter((h) => en.states.get(h)!.failed)
  if (failed.length && b.rescue.length) {
    for (const h of failed) {
      const st = en.states.get(h)!
      st.failed = false
      // what the rescue sees, as Ansible's set_nonpersistent_facts
      if (st.lastFailure) Object.assign(st.hostVars, { ansible_failed_task: st.lastFailure.task, ansible_failed_result: st.lastFailure.result })
      const s = en.stats.get(h)!
      s.failed = Math.max(0, s.failed - 1)
      s.rescued++
    }
    await runNodes(en, b.rescue, failed, inner)
  }
  if (b.always.length) {
    // always runs for hosts that failed in block/rescue too; they stay failed afterwards
    const stillFailed = hosts.filter((h) => en.states.get(h)!.failed)
    for (const h of stillFailed) en.states.get(h)!.failed = false
    await runNodes(en, b.always, hosts.filter((h) => !en.states.get(h)!.unreachable && !en.states.get(h)!.ended), inner)
    for (const h of stillFailed) en.states.get(h)!.failed = true
  }
}

/** Whether --tags/--skip-tags/--start-at-task let this task run. */
export function selected(en: Engine, node: TaskNode | IncludeNode, rp: RunPlace): boolean {
  const tags = rp.inh.applyTags.length ? [...node.tags, ...rp.inh.applyTags] : node.tags
  if (!selectTags(tags, { tags: en.opts.tags, skipTags: en.opts.skipTags })) return false
  if (en.skipping.until !== undefined && node.kind === 'task') {
    const name = node.name ?? ''
    const full = taskLabel(node)
    if (name !== en.skipping.until && full !== en.skipping.until) return false
    en.skipping.until = undefined
  }
  return true
}

async function runTask(en: Engine, task: TaskNode, hosts: string[], rp: RunPlace): Promise<void> {
  if (!selected(en, task, rp)) return
  const info = taskInfo(en, task, rp)
  en.opts.reporter.taskStart?.({ task: info, hosts })
  if (task.action === 'meta') await runMeta(en, task, hosts, rp)
  else {
    const runOnce = task.run_once ?? rp.inh.run_once
    const once = runOnce !== undefined && (typeof runOnce === 'boolean' ? runOnce : en.opts.templar.test(runOnce, buildScope(en.env, hosts[0]!, { ...rp.place, blockVars: [] })))
    if (once && rp.place.play.strategy === 'free') {
      await runOnceFree(en, task, hosts[0]!, rp)
    } else {
      const targets = once ? hosts.slice(0, 1) : hosts
      const limit = pLimit(concurrency(en, task, targets.length))
      await Promise.all(targets.map((h) => limit(() => runTaskOnHost(en, task, h, rp))))
      if (once) shareOnce(en, task, targets[0]!, hosts.slice(1))
    }
  }
  en.opts.reporter.taskEnd?.({ task: info })
  checkFatal(en, task, hosts, rp)
}

/** run_once's result for the hosts that did not run it: the registered value, and set_fact's facts. */
function shareOnce(en: Engine, task: TaskNode, ranOn: string, others: string[]): void {
  const src = en.states.get(ranOn)!.hostVars
  for (const h of others) {
    const dst = en.states.get(h)!.hostVars
    if (task.register) dst[task.register] = src[task.register]
    if (task.action === 'set_fact') Object.assign(dst, src)
  }
}

/** Under strategy: free, run_once runs on the first host to reach the task; later ones wait for it and share its result. */
const freeOnce = new WeakMap<RunPlace['place'], Map<TaskNode, Promise<string>>>()
async function runOnceFree(en: Engine, task: TaskNode, host: string, rp: RunPlace): Promise<void> {
  let started = freeOnce.get(rp.place)
  if (!started) freeOnce.set(rp.place, (started = new Map()))
  const first = started.get(task)
  if (first) return shareOnce(en, task, await first, [host])
  const run = runTaskOnHost(en, task, host, rp).then(() => host)
  started.set(task, run)
  await run
}

/** any_errors_fatal and max_fail_percentage end the play for the whole batch. */
function checkFatal(en: Engine, task: TaskNode, hosts: string[], rp: RunPlace): void {
  if (rp.inh.rescuable) return
  const play = rp.place.play
  // under free, each host walks alone: the share is of the whole batch
  const base = play.strategy === 'free' ? rp.place.playHosts : hosts
  const failed = base.filter((h) => en.states.get(h)!.failed || en.states.get(h)!.unreachable).length
  if (failed === 0) return
  if (task.any_errors_fatal ?? rp.inh.any_errors_fatal ?? play.any_errors_fatal) throw new EndPlay('fatal')
  if (play.max_fail_percentage !== undefined && (failed * 100) / base.length > play.max_fail_percentage) throw new EndPlay('fatal')
}

async function runMeta(en: Engine, task: TaskNode, hosts: string[], rp: RunPlace): Promise<void> {
  const a = task.args
  const action = String(a._raw_params ?? a.action ?? a.free_form ?? '')
  const holds = (h: string): boolean => task.when.every((c) => en.opts.templar.test(c, buildScope(en.env, h, { ...rp.place, blockVars: rp.inh.blockVars })))
  const info = taskInfo(en, task, rp)
  const report = (h: string, status: 'ok' | 'skipped', msg: string): void => en.report({ host: h, task: info, status, msg, durationMs: 0 })
  switch (action) {
    case 'flush_handlers':
      await flushHandlers(en, hosts, rp)
      return
    case 'end_play':
      if (hosts.some(holds)) throw new EndPlay('end_play')
      return
    case 'end_batch':
      if (hosts.some(holds)) throw new EndPlay('end_batch')
      return
    case 'end_host':
      for (const h of hosts) if (holds(h)) { en.states.get(h)!.ended = true; report(h, 'ok', 'ending play for this host') }
      return
    case 'clear_host_errors':
      for (const st of en.states.values()) st.failed = false
      return
    case 'clear_facts':
      for (const h of hosts) en.states.get(h)!.facts = {}
      return
    default:
      return
  }
}
