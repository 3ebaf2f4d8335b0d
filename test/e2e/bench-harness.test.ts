import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers.js'

// `npm run bench` itself, small: two light hosts, the three contenders on the same hosts,
// W1 twice (each run must find the hosts reset) and W2. It asserts what the harness does,
// never how fast anything was.
const out = mkdtempSync(join(tmpdir(), 'krun-bench-test-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

interface Sample { wallMs: number; cpuMs: number; rssKb: number; rc: number; changed?: number }
interface Row { workload: string; n: number; cells: Record<string, { samples: Sample[]; notes: string[]; median: { wallMs: number; cpuMs: number; rssKb: number } }> }

function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile('node', [join(REPO, 'dist/bench/main.js'), ...args], { cwd: REPO, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

describe('npm run bench (2 hosts, W1 and W2, krun, ansible-playbook and the floor)', () => {
  it('runs each contender on the same hosts, resets W1 between runs, and writes the table, JSON and SVG', async () => {
    const r = await bench(['--quick', '--hosts', '2', '--runs', '2', '--ansible-runs', '1', '--only', 'W1,W2', '--out', out])
    expect(r.code, r.stderr).toBe(0)
    // alternation: each W1 round runs krun, ansible and the floor before the next round
    const order = r.stderr.split('\n').filter((l) => l.startsWith('bench: W1 N=2 run'))
    expect(order).toHaveLength(2)
    expect(order[0]).toMatch(/krun [\d.]+ s changed=8, ansible [\d.]+ s changed=8, floor [\d.]+ s/)
    expect(order[1]).toMatch(/krun [\d.]+ s changed=8, floor [\d.]+ s/)

    const header = r.stdout.split('\n').find((l) => l.startsWith('W '))
    expect(header).toMatch(/wall krun\s+ansible\s+floor\s+krun\/ansible\s+krun\/floor\s+cpu krun.*rss MB krun/)
    for (const w of ['W1', 'W2']) expect(r.stdout).toMatch(new RegExp(`^${w}\\s+2\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+1/[\\d.]+`, 'm'))

    const files = readdirSync(out).sort()
    expect(files).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d{4}-quick\.json$/), expect.stringMatching(/-quick\.svg$/)])
    const doc = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as { rows: Row[]; notes: string[] }
    expect(doc.notes).toEqual([])
    expect(doc.rows.map((row) => `${row.workload} ${row.n}`)).toEqual(['W1 2', 'W2 2'])
    const changed = (row: Row, c: string): Array<number | undefined> => row.cells[c]!.samples.map((s) => s.changed)
    const [w1, w2] = doc.rows as [Row, Row]
    // cold runs: every run creates the user, file, copy and shell result again (8 = 4 tasks x 2 hosts)
    expect([changed(w1, 'krun'), changed(w1, 'ansible')]).toEqual([[8, 8], [8]])
    // the rerun: only the shell task changes, on each host
    expect([changed(w2, 'krun'), changed(w2, 'ansible')]).toEqual([[2, 2], [2]])
    for (const row of doc.rows) {
      for (const c of ['krun', 'ansible', 'floor']) {
        const cell = row.cells[c]!
        expect(cell.samples.every((s) => s.rc === 0), `${row.workload} ${c}`).toBe(true)
        expect(cell.median.wallMs).toBeGreaterThan(0)
        expect(cell.median.rssKb).toBeGreaterThan(1000)
      }
    }
    const svg = readFileSync(join(out, files[1]!), 'utf8')
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(svg).toContain('krun')
  }, 240_000)
})
