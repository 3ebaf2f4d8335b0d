/** `--profile`: one krun run per workload with KRUN_PROFILE=1 and --json, the floor beside it. */
import type { LabInfo } from '../lab/index.js'
import { krunArgv } from './contenders.js'
import { applyFirst, projectFor, runOnce } from './harness.js'
import { measure } from './measure.js'
import { formatProfile, parseEvents, parseProfile, type FloorFigures } from './profile-report.js'
import { onAll } from './ssh-pool.js'
import type { Workload } from './workloads.js'

/** Profiles every workload on the lab; returns the printed lines (also logged as they come). */
export async function profileLab(lab: LabInfo, workloads: readonly Workload[], log: (line: string) => void): Promise<string[]> {
  const p = projectFor(lab, workloads)
  const n = p.hosts.length
  const out: string[] = []
  try {
    for (const w of workloads) {
      if (w.applyFirst) await applyFirst(w, p, log)
      if (w.reset) await onAll(p.hosts, p.keyPath, w.reset)
      const k = await measure(krunArgv(w, p, ['--json']), { cwd: p.dir, env: { ANSIBLE_CONFIG: p.cfgPath, KRUN_PROFILE: '1' } })
      const prof = parseProfile(k.stderr)
      let floor: FloorFigures | undefined
      if (w.floor) {
        const f = await runOnce('floor', w, p)
        const fig = JSON.parse(f.stdout.trim().split('\n').pop() ?? '{}') as { connectMs?: number[]; runMs?: number[] }
        floor = { wallMs: f.wallMs, connectMs: fig.connectMs ?? [], runMs: fig.runMs ?? [], steps: w.floor(p.hosts[0]!).length }
      }
      const lines = !prof
        ? [`no KRUN_PROFILE line (rc ${k.rc}): ${k.stderr.trim().split('\n').slice(-3).join(' | ')}`]
        : formatProfile(prof, parseEvents(k.stdout), n, k.wallMs, floor)
      lines[0] = `${w.id} N=${n} ${w.title}: ${lines[0]}`
      for (const l of lines) log(l)
      out.push(...lines, '')
    }
  } finally {
    p.remove()
  }
  return out
}
