/** The printed table: medians per workload and N, ratios with their targets. */
import type { ContenderName } from './contenders.js'
import { ratio, type Cell } from './stats.js'
import { RSS_LIMIT_KB_AT_200, ansibleTarget, floorTarget, verdict } from './targets.js'

/** One row of the report: a workload at one N, the three contenders side by side. */
export interface Row {
  workload: string
  n: number
  cells: Partial<Record<ContenderName, Cell>>
  krunVsAnsible?: number
  krunVsFloor?: number
  verdicts: { ansible: string; floor: string; rss: string }
}

/** Rows from cells, in workload then N order. */
export function rowsOf(cells: readonly Cell[]): Row[] {
  const rows = new Map<string, Row>()
  for (const c of cells) {
    const key = `${c.workload}@${c.n}`
    let r = rows.get(key)
    if (!r) rows.set(key, (r = { workload: c.workload, n: c.n, cells: {}, verdicts: { ansible: '', floor: '', rss: '' } }))
    r.cells[c.contender] = c
  }
  for (const r of rows.values()) {
    const wall = (k: ContenderName): number | undefined => r.cells[k]?.median?.wallMs
    r.krunVsAnsible = ratio(wall('krun'), wall('ansible'))
    r.krunVsFloor = ratio(wall('krun'), wall('floor'))
    r.verdicts.ansible = verdict(r.krunVsAnsible, ansibleTarget(r.workload))
    r.verdicts.floor = verdict(r.krunVsFloor, floorTarget(r.n))
    r.verdicts.rss = r.n >= 200 ? verdict(r.cells.krun?.median?.rssKb, RSS_LIMIT_KB_AT_200) : ''
  }
  return [...rows.values()]
}

const sec = (ms: number | undefined): string => (ms === undefined || !Number.isFinite(ms) ? '-' : (ms / 1000).toFixed(2))
const mb = (kb: number | undefined): string => (kb === undefined || !Number.isFinite(kb) ? '-' : (kb / 1024).toFixed(0))
const frac = (x: number | undefined): string => (x === undefined ? '-' : x < 1 ? `1/${(1 / x).toFixed(1)}` : x.toFixed(2))
const withV = (s: string, v: string): string => (v ? `${s} ${v}` : s)

/** The table as text: wall / CPU in seconds (median), peak RSS in MB, ratios of median wall times; n/a where a contender cannot run. */
export function formatTable(rows: readonly Row[]): string {
  const head = ['W', 'N', 'wall krun', 'ansible', 'floor', 'krun/ansible', 'krun/floor', 'cpu krun', 'ansible', 'floor', 'rss MB krun', 'ansible', 'floor']
  const body = rows.map((r) => {
    const m = (k: ContenderName): Cell['median'] => r.cells[k]?.median
    const na = (k: ContenderName): boolean => r.cells[k]?.na !== undefined
    // n/a (cannot run) before fail (ran, never succeeded) before the figure
    const show = (k: ContenderName, s: string): string => (na(k) ? 'n/a' : r.cells[k] && !r.cells[k]!.median ? 'fail' : s)
    const vs = (k: ContenderName, x: number | undefined, v: string): string => (na(k) ? 'n/a' : withV(frac(x), v))
    return [
      r.workload, String(r.n),
      show('krun', sec(m('krun')?.wallMs)), show('ansible', sec(m('ansible')?.wallMs)), show('floor', sec(m('floor')?.wallMs)),
      vs('ansible', r.krunVsAnsible, r.verdicts.ansible), vs('floor', r.krunVsFloor, r.verdicts.floor),
      show('krun', sec(m('krun')?.cpuMs)), show('ansible', sec(m('ansible')?.cpuMs)), show('floor', sec(m('floor')?.cpuMs)),
      withV(show('krun', mb(m('krun')?.rssKb)), r.verdicts.rss), show('ansible', mb(m('ansible')?.rssKb)), show('floor', mb(m('floor')?.rssKb)),
    ]
  })
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cols: string[]): string => cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), ...body.map(line)].join('\n')
}

/** Notes of failed, odd or n/a cells, one line each. */
export function formatNotes(cells: readonly Cell[]): string[] {
  return cells.flatMap((c) => [...(c.na !== undefined ? [`n/a: ${c.na}`] : []), ...c.notes].map((n) => `${c.workload} N=${c.n} ${c.contender}: ${n}`))
}

/** krun's wall-time growth between the smallest and largest N of each workload, against linear. */
export function growthLines(rows: readonly Row[]): string[] {
  const out: string[] = []
  for (const w of [...new Set(rows.map((r) => r.workload))]) {
    const rs = rows.filter((r) => r.workload === w && r.cells.krun?.median).sort((a, b) => a.n - b.n)
    const a = rs[0]
    const b = rs[rs.length - 1]
    if (!a || !b || a === b) continue
    const grew = b.cells.krun!.median!.wallMs / a.cells.krun!.median!.wallMs
    const hosts = b.n / a.n
    out.push(`krun ${w} N ${a.n}->${b.n}: wall x${grew.toFixed(2)} for x${hosts.toFixed(0)} hosts (${grew <= hosts ? 'ok' : 'MISS'}: no worse than linear)`)
  }
  return out
}
