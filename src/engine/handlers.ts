import pLimit from 'p-limit'
import { concurrency, type Engine, type RunPlace } from './context.js'
import { runTaskOnHost, taskInfo } from './task-runner.js'

/**
 * Runs the notified handlers, in the order the play defines them, each once per host that
 * notified it (by name or `listen` topic). `force` includes hosts that failed (--force-handlers).
 */
export async function flushHandlers(en: Engine, hosts: string[], rp: RunPlace, force = false): Promise<void> {
  const eligible = (h: string): boolean => {
    const st = en.states.get(h)!
    return !st.unreachable && !st.ended && (force || !st.failed)
  }
  const play = rp.place.play
  for (const handler of [...play.handlers, ...(en.roleHandlers.get(play) ?? [])]) {
    const names = [handler.name ?? '', ...handler.listen].filter(Boolean)
    const targets = hosts.filter((h) => eligible(h) && names.some((n) => en.states.get(h)!.notified.has(n)))
    if (targets.length === 0) continue
    for (const h of targets) for (const n of names) en.states.get(h)!.notified.delete(n)
    const hp: RunPlace = { place: rp.place, inh: { blockVars: [], applyTags: [], role: handler.role } }
    const info = taskInfo(en, handler, hp, true)
    en.opts.reporter.taskStart?.({ task: info, hosts: targets })
    const limit = pLimit(concurrency(en, handler, targets.length))
    await Promise.all(targets.map((h) => limit(() => runTaskOnHost(en, handler, h, hp, true))))
    en.opts.reporter.taskEnd?.({ task: info })
  }
}
