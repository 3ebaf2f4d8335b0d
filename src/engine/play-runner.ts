import type { Play } from '../playbook/types.js'
import { batches } from './batches.js'
import type { Engine, RunPlace } from './context.js'
import { gatherFacts } from './facts.js'
import { flushHandlers } from './handlers.js'
import { EndPlay, activeHosts, runNodes } from './node-runner.js'

/** Runs one play over its hosts, batch by batch (serial), sections in Ansible's order. */
export async function runPlay(en: Engine, play: Play, hosts: string[]): Promise<void> {
  for (const batch of batches(hosts, play.serial)) {
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
    }
    if (play.force_handlers || en.opts.forceHandlers) await flushHandlers(en, batch, rp, true)
    for (const h of batch) en.states.get(h)!.ended = false
    en.opts.reporter.playEnd?.({ name: play.name })
    // a batch in which every host failed stops the play, as ansible-playbook does
    if (activeHosts(en, batch).length === 0 && batch.length > 0) break
  }
}
