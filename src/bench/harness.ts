/**
 * One lab's share of the bench: every workload, contenders alternating (A B C A B C ...),
 * one warm-up of each on the first workload, hosts reset before every run of a cold workload.
 */
import type { LabInfo } from '../lab/index.js'
import { runContender, runs, krunArgv, type ContenderName } from './contenders.js'
import { measure, type Sample } from './measure.js'
import { makeProject, type BenchProject } from './project.js'
import { onAll } from './ssh-pool.js'
import { summarize, type Cell } from './stats.js'
import type { Workload } from './workloads.js'

/** How to run each workload. */
export interface HarnessOptions {
  runs: number
  ansibleRuns?: number
  warmup: boolean
  contenders: readonly ContenderName[]
  log: (line: string) => void
}

/** Resets the hosts (cold workloads), then runs one contender once; output dropped. */
export async function runOnce(c: ContenderName, w: Workload, p: BenchProject, env?: NodeJS.ProcessEnv): Promise<Sample & { stdout: string; stderr: string }> {
  if (w.reset) await onAll(p.hosts, p.keyPath, w.reset)
  return runContender(c, w, p, env)
}

const slim = (s: Sample): Sample => {
  const { wallMs, cpuMs, rssKb, rc, changed, error } = s
  return { wallMs, cpuMs, rssKb, rc, ...(changed !== undefined ? { changed } : {}), ...(error ? { error } : {}) }
}

/** Runs the workloads on a lab; returns one cell per (workload, contender). */
export async function benchLab(lab: LabInfo, workloads: readonly Workload[], o: HarnessOptions): Promise<Cell[]> {
  const p = makeProject(lab)
  const n = p.hosts.length
  const cells: Cell[] = []
  try {
    for (const w of workloads) {
      if (w.applyFirst) {
        const a = await measure(krunArgv({ ...w, check: false }, p), { cwd: p.dir, env: { ANSIBLE_CONFIG: p.cfgPath } })
        o.log(`${w.id} N=${n}: full apply with krun first: rc ${a.rc} in ${(a.wallMs / 1000).toFixed(1)} s`)
      }
      const cs = o.contenders.filter((c) => runs(c, w))
      // one warm-up per lab, on its first workload: page cache and Python bytecode are warm after it
      if (o.warmup && w === workloads[0]) for (const c of cs) await runOnce(c, w, p)
      const samples = new Map<ContenderName, Sample[]>(cs.map((c) => [c, []]))
      for (let i = 0; i < o.runs; i++) {
        const line: string[] = []
        for (const c of cs) {
          if (c === 'ansible' && i >= (o.ansibleRuns ?? o.runs)) continue
          const s = slim(await runOnce(c, w, p))
          samples.get(c)!.push(s)
          line.push(`${c} ${(s.wallMs / 1000).toFixed(2)} s${s.rc ? ` (rc ${s.rc})` : ''}`)
        }
        o.log(`${w.id} N=${n} run ${i + 1}/${o.runs}: ${line.join(', ')}`)
      }
      for (const c of cs) cells.push(summarize(w.id, n, c, samples.get(c)!, w.expectChanged))
    }
  } finally {
    p.remove()
  }
  return cells
}
