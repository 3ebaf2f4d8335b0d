/**
 * The chart, written by hand: one panel per workload, median wall time (log scale, shared
 * by all panels) against the number of hosts N, one line per contender.
 */
import type { ContenderName } from './contenders.js'
import type { Cell } from './stats.js'

const COLORS: Record<ContenderName, string> = { krun: '#1f6feb', ansible: '#d1242f', floor: '#6e7781' }
const PW = 240
const PH = 220
const M = { top: 56, left: 56, gap: 24, bottom: 44 }

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmt = (s: number): string => (s >= 10 ? s.toFixed(0) : s >= 1 ? s.toFixed(1) : s.toFixed(2))

/** SVG text of the chart; `title` goes on top. */
export function renderChart(cells: readonly Cell[], title: string): string {
  const ok = cells.filter((c) => c.median)
  const workloads = [...new Set(cells.map((c) => c.workload))]
  const secs = ok.map((c) => c.median!.wallMs / 1000)
  const lo = Math.floor(Math.log10(Math.min(...secs, 1)))
  const hi = Math.ceil(Math.log10(Math.max(...secs, 1.0001)))
  const y = (s: number): number => M.top + PH - ((Math.log10(s) - lo) / (hi - lo)) * PH
  // each panel its own N axis: W4 runs at N=7 only, the light workloads at --hosts
  const nsOf = (w: string): number[] => [...new Set(cells.filter((c) => c.workload === w).map((c) => c.n))].sort((a, b) => a - b)
  const xIn = (n: number, ns: readonly number[]): number => {
    if (ns.length < 2) return PW / 2
    const a = Math.log10(ns[0]!)
    const b = Math.log10(ns[ns.length - 1]!)
    return 20 + ((Math.log10(n) - a) / (b - a)) * (PW - 40)
  }
  const width = M.left + workloads.length * (PW + M.gap) + 100
  const height = M.top + PH + M.bottom
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${M.left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="${M.left}" y="40" fill="#555">median wall time, seconds (log scale), whole process; x: hosts N</text>`,
  ]
  workloads.forEach((w, i) => {
    const ns = nsOf(w)
    const x0 = M.left + i * (PW + M.gap)
    out.push(`<g transform="translate(${x0},0)">`, `<rect x="0" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#ccc"/>`)
    out.push(`<text x="${PW / 2}" y="${M.top - 6}" text-anchor="middle" font-weight="bold">${esc(w)}</text>`)
    for (let d = lo; d <= hi; d++) {
      const yy = y(10 ** d).toFixed(1)
      out.push(`<line x1="0" x2="${PW}" y1="${yy}" y2="${yy}" stroke="#eee"/>`)
      if (i === 0) out.push(`<text x="-6" y="${yy}" text-anchor="end" dominant-baseline="middle">${fmt(10 ** d)}</text>`)
    }
    for (const n of ns) out.push(`<text x="${xIn(n, ns).toFixed(1)}" y="${M.top + PH + 16}" text-anchor="middle">${n}</text>`)
    for (const c of Object.keys(COLORS) as ContenderName[]) {
      const pts = ok.filter((k) => k.workload === w && k.contender === c).sort((a, b) => a.n - b.n)
      const xy = pts.map((k) => [xIn(k.n, ns), y(k.median!.wallMs / 1000), k.median!.wallMs / 1000] as const)
      if (xy.length > 1) out.push(`<polyline fill="none" stroke="${COLORS[c]}" stroke-width="2" points="${xy.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`)
      for (const [a, b, s] of xy) {
        out.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${COLORS[c]}"/>`)
        out.push(`<text x="${(a + 5).toFixed(1)}" y="${(b - 5).toFixed(1)}" fill="${COLORS[c]}">${fmt(s)}</text>`)
      }
    }
    const na = cells.filter((k) => k.workload === w && k.na !== undefined)
    na.forEach((k, j) => out.push(`<text x="6" y="${M.top + 14 + j * 14}" fill="${COLORS[k.contender]}">${esc(`${k.contender}: n/a`)}</text>`))
    out.push('</g>')
  })
  const lx = M.left + workloads.length * (PW + M.gap)
  ;(Object.keys(COLORS) as ContenderName[]).forEach((c, i) => {
    const ly = M.top + 10 + i * 18
    out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${COLORS[c]}" stroke-width="2"/>`)
    out.push(`<text x="${lx + 24}" y="${ly}" dominant-baseline="middle">${c}</text>`)
  })
  out.push(`<text x="${(M.left + (width - M.left - 100) / 2).toFixed(0)}" y="${height - 8}" text-anchor="middle" fill="#555">hosts (N)</text>`)
  out.push('</svg>', '')
  return out.join('\n')
}
