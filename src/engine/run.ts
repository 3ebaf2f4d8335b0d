import { KrunError } from '../core/errors.js'
import { EXIT, emptyStats, type HostStats } from '../core/results.js'
import type { Connection } from '../connection/types.js'
import { selectHosts } from '../inventory/index.js'
import type { Play } from '../playbook/types.js'
import { makeScope } from '../template/index.js'
import type { Engine } from './context.js'
import { HostState } from './host-state.js'
import type { RunOptions } from './options.js'
import { unknownSummary } from './check-pending.js'
import { runPlay } from './play-runner.js'
import { profiled } from './profile.js'
import { hostScope, type ScopeEnv } from './scope.js'

/** The end of a run: per-host stats and the exit code ansible-playbook would give. */
export interface RunSummary {
  stats: Record<string, HostStats>
  exitCode: number
  /** Hosts that failed or were unreachable, for the retry file / --limit hint. */
  failedHosts: string[]
}

/** The hosts a play targets: its pattern, narrowed by --limit, minus hosts that failed earlier. */
export function playHosts(opts: Pick<RunOptions, 'inventory' | 'templar' | 'extraVars' | 'limit'>, play: Play): string[] {
  let pattern: string
  try {
    pattern = String(opts.templar.render(play.hosts, makeScope([opts.extraVars], opts.templar)))
  } catch (e) {
    if (e instanceof KrunError && !e.pos) throw new KrunError(e.code, `hosts: ${e.message}`, play.pos, e.hint)
    throw e
  }
  let hosts = selectHosts(opts.inventory, pattern)
  if (opts.limit) {
    const allowed = new Set(selectHosts(opts.inventory, opts.limit))
    hosts = hosts.filter((h) => allowed.has(h))
  }
  return hosts
}

/** Runs a loaded playbook to the end; never throws for a host's failure (that is result data). */
export async function runPlaybook(opts: RunOptions): Promise<RunSummary> {
  const states = new Map<string, HostState>()
  const stats = new Map<string, HostStats>()
  const conns = new Map<string, Connection>()
  const env: ScopeEnv = { inventory: opts.inventory, templar: opts.templar, states, extraVars: opts.extraVars, check: opts.check, diff: opts.diff }
  let currentPlay: Play | undefined
  const en: Engine = {
    opts,
    env,
    states,
    stats,
    roleHandlers: new Map(),
    skipping: { until: opts.startAtTask },
    report: (r) => opts.reporter.hostResult?.(r),
    conn(host) {
      let c = conns.get(host)
      // a delegate_to target gets a connection but no recap line, as in Ansible
      if (!c) {
        conns.set(host, (c = profiled(opts.connect(host, hostScope(env, host, currentPlay ?? opts.playbook.plays[0]!, [host])))))
      }
      return c
    },
  }
  const ensure = (h: string): void => {
    if (!states.has(h)) states.set(h, new HostState())
    if (!stats.has(h)) stats.set(h, emptyStats())
  }
  try {
    for (const play of opts.playbook.plays) {
      currentPlay = play
      const hosts = playHosts(opts, play).filter((h) => {
        const st = states.get(h)
        return !st || (!st.failed && !st.unreachable)
      })
      hosts.forEach(ensure)
      if (hosts.length === 0) {
        opts.reporter.playStart?.({ name: play.name, hosts: [], pos: play.pos, check: opts.check })
        opts.reporter.warn?.(`no hosts matched '${play.hosts}'${opts.limit ? ` with --limit '${opts.limit}'` : ''}: skipping play`)
        continue
      }
      // any_errors_fatal, max_fail_percentage or a batch where every host failed ends the playbook
      if (!(await runPlay(en, play, hosts))) break
    }
  } finally {
    await Promise.allSettled([...conns.values()].map((c) => c.close()))
  }
  const out = Object.fromEntries(stats)
  const unknown = unknownSummary(en)
  if (unknown) opts.reporter.warn?.(unknown)
  opts.reporter.recap?.(out)
  await opts.reporter.close?.()
  const values = [...stats.values()]
  const exitCode = values.some((s) => s.unreachable > 0) ? EXIT.unreachable : values.some((s) => s.failed > 0) ? EXIT.failed : EXIT.ok
  const failedHosts = [...stats.entries()].filter(([, s]) => s.failed > 0 || s.unreachable > 0).map(([h]) => h)
  return { stats: out, exitCode, failedHosts }
}
