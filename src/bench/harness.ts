/**
 * One lab's share of the bench: every workload, contenders alternating (A B C A B C ...),
 * one warm-up of each on the first workload, hosts reset before every run of a cold workload.
 */
import type { LabInfo } from '../lab/index.js'
import { CONTENDERS, runContender, runs, krunArgv, type ContenderName } from './contenders.js'
import { makeHaProject } from './ha-project.js'
import { measure, type Sample } from './measure.js'
import { makeProject, type BenchProject } from './project.js'
import { onAll } from './ssh-pool.js'
import { naCell, oddities, summarize, type Cell } from './stats.js'
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
  const { wallMs, cpuMs, rssKb, rc, changed, failed, recapHosts, error } = s
  const recap = changed !== undefined ? { changed, failed, recapHosts } : {}
  return { wallMs, cpuMs, rssKb, rc, ...recap, ...(error ? { error } : {}) }
}

/** The project a lab's workloads run from: the HA content for the ha layout, else a bare inventory. */
export function projectFor(lab: LabInfo, workloads: readonly Workload[]): BenchProject {
  const layouts = new Set(workloads.map((w) => w.layout))
  if (layouts.size > 1) throw new Error(`bench: one lab cannot serve layouts ${[...layouts].join(' and ')}`)
  return layouts.has('ha') ? makeHaProject(lab) : makeProject(lab)
}

/** Applies the playbook once with krun (not measured); throws with the output's tail unless every host came through. */
export async function applyFirst(w: Workload, p: BenchProject, log: (line: string) => void): Promise<void> {
  const n = p.hosts.length
  const a = await measure(krunArgv({ ...w, check: false }, p), { cwd: p.dir, env: { ANSIBLE_CONFIG: p.cfgPath } })
  const odd = a.rc === 0 ? oddities(a, n) : [`rc ${a.rc}`]
  if (a.recapHosts === undefined) odd.push('no recap in the output')
  log(`${w.id} N=${n}: full apply with krun first: rc ${a.rc}, changed=${a.changed ?? '?'} in ${(a.wallMs / 1000).toFixed(1)} s`)
  if (odd.length) {
    const tail = `${a.stdout}\n${a.stderr}`.trim().split('\n').slice(-30).join('\n')
    throw new Error(`${w.id}: the full apply before the measured runs failed (${odd.join('; ')}):\n${tail}`)
  }
}

/** Runs the workloads on a lab; returns one cell per (workload, contender), n/a cells included. */
export async function benchLab(lab: LabInfo, workloads: readonly Workload[], o: HarnessOptions): Promise<Cell[]> {
  const p = projectFor(lab, workloads)
  const n = p.hosts.length
  const cells: Cell[] = []
  try {
    for (const w of workloads) {
      if (w.applyFirst) await applyFirst(w, p, o.log)
      const cs = o.contenders.filter((c) => runs(c, w))
      // one warm-up per lab, on its first workload: page cache and Python bytecode are warm after it
      const warm: Partial<Record<ContenderName, string[]>> = {}
      if (o.warmup && w === workloads[0]) {
        for (const c of cs) {
          const s = await runOnce(c, w, p)
          const odd = c === 'floor' ? [] : s.rc ? [`rc ${s.rc}: ${s.error ?? ''}`] : oddities(s, n, w.expectChanged)
          if (odd.length) o.log(`${w.id} N=${n} warm-up ${c}: ${odd.join('; ')}`)
          warm[c] = odd
        }
      }
      const samples = new Map<ContenderName, Sample[]>(cs.map((c) => [c, []]))
      for (let i = 0; i < o.runs; i++) {
        const line: string[] = []
        for (const c of cs) {
          if (c === 'ansible' && i >= (o.ansibleRuns ?? o.runs)) continue
          const s = slim(await runOnce(c, w, p))
          samples.get(c)!.push(s)
          line.push(`${c} ${(s.wallMs / 1000).toFixed(2)} s${s.rc ? ` (rc ${s.rc})` : ''}${s.changed !== undefined ? ` changed=${s.changed}` : ''}`)
        }
        o.log(`${w.id} N=${n} run ${i + 1}/${o.runs}: ${line.join(', ')}`)
      }
      for (const c of cs) {
        const cell = summarize(w.id, n, c, samples.get(c)!, w.expectChanged)
        if (warm[c]?.length) cell.notes.push(`warm-up: ${warm[c]!.join('; ')}`)
        cells.push(cell)
      }
      for (const c of CONTENDERS) {
        const why = w.na?.[c]
        if (why && o.contenders.includes(c)) cells.push(naCell(w.id, n, c, why))
      }
    }
  } finally {
    p.remove()
  }
  return cells
}
