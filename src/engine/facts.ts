import { errorMessage } from '../core/errors.js'
import { UnreachableError } from '../connection/types.js'
import { factsToVars, gatherCommand, parseGather } from '../facts/gather.js'
import type { Engine } from './context.js'
import pLimit from 'p-limit'

const INFO = { name: 'Gathering Facts', action: 'gather_facts', pos: { file: '' }, isHandler: false }

/** gather_facts: one command per host, parsed into `ansible_*` variables. */
export async function gatherFacts(en: Engine, hosts: string[], playPos: { file: string; line?: number }): Promise<void> {
  const info = { ...INFO, pos: playPos }
  en.opts.reporter.taskStart?.({ task: info, hosts })
  const limit = pLimit(Math.max(1, en.opts.forks ?? hosts.length))
  await Promise.all(
    hosts.map((h) =>
      limit(async () => {
        const started = Date.now()
        const st = en.states.get(h)!
        const stats = en.stats.get(h)!
        try {
          const r = await en.conn(h).exec(gatherCommand())
          if (r.rc !== 0 && !r.stdout) throw new Error(`fact gathering failed (rc ${r.rc}): ${r.stderr.trim()}`)
          st.facts = factsToVars(parseGather(r.stdout))
          stats.ok++
          en.report({ host: h, task: info, status: 'ok', durationMs: Date.now() - started })
        } catch (e) {
          const unreachable = e instanceof UnreachableError
          if (unreachable) st.unreachable = true
          else st.failed = true
          if (unreachable) stats.unreachable++
          else stats.failed++
          en.report({ host: h, task: info, status: unreachable ? 'unreachable' : 'failed', msg: errorMessage(e), durationMs: Date.now() - started })
        }
      }),
    ),
  )
  en.opts.reporter.taskEnd?.({ task: info })
}
