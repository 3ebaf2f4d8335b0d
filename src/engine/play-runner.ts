import pLimit from 'p-limit'
import type { Play } from '../playbook/types.js'
import { batches } from './batches.js'
import type { Engine, RunPlace } from './context.js'
import { gatherFacts } from './facts.js'
import { flushHandlers } from './handlers.js'
import { EndPlay, activeHosts, runNodes } from './node-runner.js'

/** pre_tasks, handlers, roles + tasks, handlers, post_tasks, handlers: Ansible's order. */
async function sections(en: Engine, play: Play, hosts: string[], rp: RunPlace): Promise<void> {
  await runNodes(en, play.pre_tasks, hosts, rp)
  await flushHandlers(en, hosts, rp)
  await runNodes(en, [...play.roles, ...play.tasks], hosts, rp)
  await flushHandlers(en, hosts, rp)
  await runNodes(en, play.post_tasks, hosts, rp)
  await flushHandlers(en, hosts, rp)
}

/**
 * strategy: free: every host walks the play on its own (at most --forks at once), so a fast
 * host never waits for a slow one. An end (end_play, any_errors_fatal...) raised on one host
 * stops the others before their next task; the strongest one is returned.
 */
async function runFree(en: Engine, play: Play, batch: string[], rp: RunPlace): Promise<EndPlay | undefined> {
  const limit = pLimit(Math.max(1, en.opts.forks ?? batch.length))
  const ends: EndPlay[] = []
  await Promise.all(
    batch.map((h) =>
      limit(async () => {
        try {
          await sections(en, play, [h], rp)
        } catch (e) {
          if (!(e instanceof EndPlay)) throw e
          ends.push(e)
          for (const other of batch) en.states.get(other)!.ended = true
        }
      }),
    ),
  )
  const rank = ['fatal', 'end_play', 'end_batch'] as const
  return rank.map((why) => ends.find((e) => e.why === why)).find((e) => e !== undefined)
}

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
      if (play.strategy === 'free') ended = await runFree(en, play, batch, rp)
      else await sections(en, play, batch, rp)
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
