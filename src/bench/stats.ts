/** Medians and ratios over the runs of one (workload, N, contender) cell. */
import type { ContenderName } from './contenders.js'
import type { Sample } from './measure.js'

/** The measured runs of one contender on one workload at one N, and their medians. */
export interface Cell {
  workload: string
  n: number
  contender: ContenderName
  samples: Sample[]
  /** Medians over the successful runs; absent when none succeeded. */
  median?: { wallMs: number; cpuMs: number; rssKb: number }
  /** Why runs failed or looked wrong (exit code, unexpected changes). */
  notes: string[]
  /** Why this contender cannot run this workload; the cell then has no samples. */
  na?: string
}

/** Median of the numbers (mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * What looks wrong in the recap of one run of krun or Ansible on n hosts: failed or unreachable
 * hosts, hosts missing from it, other changes than `expectChanged` per host.
 */
export function oddities(s: Sample, n: number, expectChanged?: number): string[] {
  const out: string[] = []
  if (s.recapHosts !== undefined && s.recapHosts !== n) out.push(`recap of ${s.recapHosts} hosts where ${n} ran`)
  if (s.failed) out.push(`failed+unreachable=${s.failed} in the recap`)
  if (expectChanged === undefined) return out
  const want = expectChanged * n
  if (s.changed === undefined) out.push('no recap in the output')
  else if (s.changed !== want) out.push(`changed=${s.changed} where ${want} (${expectChanged} per host) was expected`)
  return out
}

/** Builds a cell from its runs; `expectChanged` (per host) flags runs that changed something else. */
export function summarize(workload: string, n: number, contender: ContenderName, samples: Sample[], expectChanged?: number): Cell {
  const ok = samples.filter((s) => s.rc === 0)
  const notes: string[] = []
  const failed = samples.filter((s) => s.rc !== 0)
  if (failed.length) notes.push(`${failed.length}/${samples.length} runs failed (rc ${failed[0]!.rc}): ${failed[0]!.error ?? ''}`)
  if (contender !== 'floor') {
    const odd = ok.map((s) => oddities(s, n, expectChanged)).filter((o) => o.length)
    if (odd.length) notes.push(`${odd.length}/${samples.length} runs: ${odd[0]!.join('; ')}`)
  }
  const cell: Cell = { workload, n, contender, samples, notes }
  if (ok.length) cell.median = { wallMs: median(ok.map((s) => s.wallMs)), cpuMs: median(ok.map((s) => s.cpuMs)), rssKb: median(ok.map((s) => s.rssKb)) }
  return cell
}

/** The cell of a contender that cannot run the workload, with the reason. */
export function naCell(workload: string, n: number, contender: ContenderName, reason: string): Cell {
  return { workload, n, contender, samples: [], notes: [], na: reason }
}

/** a/b of two medians, or undefined when either is missing. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined
}
