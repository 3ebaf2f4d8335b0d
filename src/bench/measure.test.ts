import { describe, expect, it } from 'vitest'
import { measure, parseTime, recapChanged, recapTotals } from './measure.js'

describe('parseTime', () => {
  it.each([
    ['1.50 0.25 81234\n', { cpuMs: 1750, rssKb: 81234 }],
    ['Command exited with non-zero status 2\n0.10 0.00 5000\n', { cpuMs: 100, rssKb: 5000 }],
    ['garbage', undefined],
  ])('%j', (text, want) => expect(parseTime(text)).toEqual(want))
})

describe('recapChanged', () => {
  it('sums changed= over the recap lines of both tools', () => {
    const ansible = 'PLAY RECAP ***\nnode1                      : ok=4    changed=3    unreachable=0    failed=0\nnode2 : ok=4 changed=1 unreachable=0\n'
    expect(recapChanged(ansible)).toBe(4)
  })

  it('is undefined without a recap', () => expect(recapChanged('TASK [x] ok: [node1]\n')).toBeUndefined())
})

describe('recapTotals', () => {
  it('counts the hosts and sums failed and unreachable with changed', () => {
    const krun = 'h1    : ok=3    changed=2    unreachable=0    failed=1    skipped=0\nweb02 : ok=1    changed=1    unreachable=1    failed=0    skipped=1\n'
    expect(recapTotals(krun)).toEqual({ hosts: 2, changed: 3, failed: 2 })
  })

  it('is undefined without a recap', () => expect(recapTotals('ok: [h1]\n')).toBeUndefined())
})

describe('measure', () => {
  it('reports the exit code, output, CPU and peak RSS of a child process', async () => {
    const r = await measure(['/bin/sh', '-c', 'echo "h : ok=1 changed=1"; exit 3'], { cwd: '/' })
    expect(r.rc).toBe(3)
    expect(r.changed).toBe(1)
    expect(r.rssKb).toBeGreaterThan(0)
    expect(r.cpuMs).toBeGreaterThanOrEqual(0)
    expect(r.error).toContain('changed=1')
  })
})
