import type { Play } from '../playbook/types.js'
import { batches } from './batches.js'
import type { Engine, RunPlace } from './context.js'
import { gatherFacts } from './facts.js'
import { flushHandlers } from './handlers.js'
import { EndPlay, activeHosts, runNodes } from './node-runner.js'

/**
 * Runs one play over its hosts, batch by batch (serial), sections in Ansible's order.
 * Returns false when the playbook must stop (as ansible-playbook's break_play).
 */
export async function runPlay(en: Engine, play: Play, hosts: string[]): Promise<boolean> {
  for (const batch of batches(hosts, play.serial)) {
    let ended: EndPlay | undefined
    en.opts.reporter.playStart?.({ name: play.name, hosts: batch, pos: play.pos, check: en.opts.check })
    const rp: RunPlace = {
      place: { play, playHosts: batch, blockVars: [] },
      inh: { blockVars: [], applyTags: [] },
    }
    try {
      if (play.gather_facts) await gatherFacts(en, activeHosts(en, batch), play.pos)
      // pre_tasks, handlers, roles + tasks, handlers, post_tasks, handlers
      await runNodes(en, play.pre_tasks, batch, rp)
      await flushHandlers(en, batch, rp)
      await runNodes(en, [...play.roles, ...play.tasks], batch, rp)
      await flushHandlers(en, batch, rp)
      await runNodes(en, play.post_tasks, batch, rp)
      await flushHandlers(en, batch, rp)
    } catch (e) {
      if (!(e instanceof EndPlay)) throw e
      ended = e
    }
    if (play.force_handlers || en.opts.forceHandlers) await flushHandlers(en, batch, rp, true)
    for (const h of batch) en.states.get(h)!.ended = false
    en.opts.reporter.playEnd?.({ name: play.name })
    if (ended?.why === 'fatal') return false
    // meta end_play ends the remaining batches too (end_batch would not)
    if (ended?.why === 'end_play') return true
    // a batch in which every host failed stops the playbook, as ansible-playbook does
    if (batch.every((h) => en.states.get(h)!.failed || en.states.get(h)!.unreachable)) return false
  }
  return true
}
