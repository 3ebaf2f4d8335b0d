import { describe, expect, it } from 'vitest'
import type { ContenderName } from './contenders.js'
import { naCell, summarize, type Cell } from './stats.js'
import { renderChart } from './svg.js'
import { formatNotes, formatTable, growthLines, rowsOf } from './table.js'

const cell = (workload: string, n: number, contender: ContenderName, wallMs: number, rssKb = 50_000): Cell =>
  summarize(workload, n, contender, [{ wallMs, cpuMs: wallMs, rssKb, rc: 0 }])

describe('rowsOf', () => {
  it.each([
    // workload, N, krun, ansible, floor, ansible verdict, floor verdict
    ['W1', 50, 1500, 30_000, 1200, 'ok', 'ok'],
    ['W1', 50, 2500, 30_000, 1200, 'MISS', 'MISS'],
    ['W3', 50, 1500, 30_000, 1200, 'MISS', 'ok'],
    ['W3', 10, 900, 30_000, 300, 'ok', ''],
  ] as const)('%s N=%i krun %i ms: %s / %s', (w, n, k, a, f, va, vf) => {
    const [r] = rowsOf([cell(w, n, 'krun', k), cell(w, n, 'ansible', a), cell(w, n, 'floor', f)])
    expect(r!.verdicts.ansible).toBe(va)
    expect(r!.verdicts.floor).toBe(vf)
  })

  it('checks peak RSS against 300 MB at N=200', () => {
    expect(rowsOf([cell('W1', 200, 'krun', 1, 310 * 1024)])[0]!.verdicts.rss).toBe('MISS')
    expect(rowsOf([cell('W1', 200, 'krun', 1, 290 * 1024)])[0]!.verdicts.rss).toBe('ok')
  })
})

describe('formatTable', () => {
  it('prints seconds, ratios as 1/x, and fail for a contender without a successful run', () => {
    const failed = summarize('W1', 10, 'krun', [{ wallMs: 1, cpuMs: 1, rssKb: 1, rc: 1 }])
    const text = formatTable(rowsOf([cell('W3', 10, 'krun', 1000), cell('W3', 10, 'ansible', 20_000), failed]))
    expect(text).toMatch(/W3\s+10\s+1\.00\s+20\.00\s+-\s+1\/20\.0 MISS/)
    expect(text).toMatch(/W1\s+10\s+fail/)
  })
})

describe('W4: krun only, the other cells n/a with the reason', () => {
  const w4 = [cell('W4', 7, 'krun', 3456, 120 * 1024), naCell('W4', 7, 'ansible', 'krun modules (cfssl, kubeconfig, etcdctl)'), naCell('W4', 7, 'floor', 'no ssh2 script')]

  it('prints n/a in the wall, ratio, cpu and rss columns of ansible and floor', () => {
    const row = formatTable(rowsOf(w4)).split('\n')[1]!
    expect(row.trim().split(/\s+/)).toEqual(['W4', '7', '3.46', 'n/a', 'n/a', 'n/a', 'n/a', '3.46', 'n/a', 'n/a', '120', 'n/a', 'n/a'])
  })

  it('says why in the notes under the table', () => {
    expect(formatNotes(w4)).toEqual(['W4 N=7 ansible: n/a: krun modules (cfssl, kubeconfig, etcdctl)', 'W4 N=7 floor: n/a: no ssh2 script'])
  })

  it('has no ratio or verdict for an n/a contender', () => {
    expect(rowsOf(w4)[0]).toMatchObject({ krunVsAnsible: undefined, krunVsFloor: undefined, verdicts: { ansible: '', floor: '' } })
  })
})

describe('renderChart', () => {
  it('draws one panel per workload and a line per contender with more than one N', () => {
    const svg = renderChart([cell('W1', 10, 'krun', 500), cell('W1', 50, 'krun', 1500), cell('W2', 10, 'ansible', 9000)], 'a <title>')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('a &lt;title&gt;')
    expect(svg.match(/font-weight="bold">W\d</g)).toHaveLength(2)
    expect(svg.match(/<polyline/g)).toHaveLength(1)
  })

  it('gives W4 (N=7 only) its own N axis beside workloads at N=10 and 50, and marks the n/a contenders', () => {
    const svg = renderChart([cell('W1', 10, 'krun', 500), cell('W1', 50, 'krun', 1500), cell('W4', 7, 'krun', 3000), naCell('W4', 7, 'ansible', 'x')], 't')
    const ticks = [...svg.matchAll(/text-anchor="middle">(\d+)</g)].map((m) => m[1])
    expect(ticks).toEqual(['10', '50', '7'])
    expect(svg).toContain('>ansible: n/a<')
    expect(svg).not.toContain('NaN')
  })
})

describe('growthLines', () => {
  it.each([
    [500, 2000, 'x4.00 for x5 hosts (ok'],
    [500, 3000, 'x6.00 for x5 hosts (MISS'],
  ])('krun %i ms at N=10, %i ms at N=50', (a, b, want) => {
    expect(growthLines(rowsOf([cell('W1', 10, 'krun', a), cell('W1', 50, 'krun', b)]))[0]).toContain(want)
  })
})
