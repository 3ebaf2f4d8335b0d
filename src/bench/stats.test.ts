import { describe, expect, it } from 'vitest'
import { median, naCell, oddities, ratio, summarize } from './stats.js'
import type { Sample } from './measure.js'

const s = (wallMs: number, extra: Partial<Sample> = {}): Sample => ({ wallMs, cpuMs: wallMs / 2, rssKb: 1000, rc: 0, ...extra })

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5], 5],
    [[NaN, 7, 1, 4], 4],
  ])('median(%j) = %d', (xs, want) => expect(median(xs)).toBe(want))

  it('is NaN for no numbers', () => expect(median([])).toBeNaN())
})

describe('summarize', () => {
  it('takes medians over successful runs only and notes the failures', () => {
    const c = summarize('W1', 10, 'krun', [s(100), s(5, { rc: 1, error: 'boom' }), s(300), s(200)])
    expect(c.median).toEqual({ wallMs: 200, cpuMs: 100, rssKb: 1000 })
    expect(c.notes).toEqual(['1/4 runs failed (rc 1): boom'])
  })

  it('has no median when every run failed', () => {
    expect(summarize('W1', 10, 'krun', [s(5, { rc: 1 })]).median).toBeUndefined()
  })

  it('notes a run whose recap shows other changes than expected (per host times N)', () => {
    expect(summarize('W2', 10, 'ansible', [s(1, { changed: 10 })], 1).notes).toEqual([])
    expect(summarize('W2', 10, 'ansible', [s(1, { changed: 20 }), s(2, { changed: 10 })], 1).notes).toEqual(['1/2 runs: changed=20 where 10 (1 per host) was expected'])
  })
})

describe('oddities (what a recap must show: every host, none failed, the expected changes)', () => {
  const recap = (changed: number, failed = 0, recapHosts = 7): Partial<Sample> => ({ changed, failed, recapHosts })
  it.each([
    ['W4 check after apply: clean', recap(0), 0, []],
    ['a change in --check after apply', recap(2), 0, ['changed=2 where 0 (0 per host) was expected']],
    ['a failed host', recap(0, 1), 0, ['failed+unreachable=1 in the recap']],
    ['a host missing from the recap', recap(0, 0, 6), 0, ['recap of 6 hosts where 7 ran']],
    ['no recap at all', {}, 0, ['no recap in the output']],
    ['nothing expected: only failures count', recap(9), undefined, []],
  ] as const)('%s', (_what, extra, expectChanged, want) => {
    expect(oddities(s(1, extra), 7, expectChanged)).toEqual(want)
  })
})

describe('naCell', () => {
  it('carries the reason and no figures', () => {
    expect(naCell('W4', 7, 'ansible', 'krun modules')).toMatchObject({ na: 'krun modules', samples: [], notes: [] })
    expect(naCell('W4', 7, 'ansible', 'krun modules').median).toBeUndefined()
  })
})

describe('ratio', () => {
  it.each([
    [1, 4, 0.25],
    [1, undefined, undefined],
    [1, 0, undefined],
    [NaN, 2, undefined],
  ])('ratio(%s, %s) = %s', (a, b, want) => expect(ratio(a, b)).toBe(want))
})
