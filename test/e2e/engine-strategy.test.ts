import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture, recap } from './helpers.js'
import { Keywords, indexOf, read, results } from './keywords-helpers.js'

/**
 * How plays run across hosts, on the local connection (test/fixtures/keywords): serial batches,
 * any_errors_fatal, max_fail_percentage, meta end_play/end_batch, a fully failed play, parallel hosts.
 */
let kw: Keywords
beforeAll(() => {
  kw = new Keywords(copyFixture('keywords'))
})
afterAll(() => rmSync(kw.project, { recursive: true, force: true }))

describe('strategy: serial, failures across hosts, parallelism', () => {
  it('serial: 2 runs two batches; the second starts after the first finished', async () => {
    const run = await kw.play('serial.yml', kw.root())
    expect(run.code).toBe(0)
    expect(run.events.filter((e) => e.event === 'play_start').map((e) => e.hosts)).toEqual([['h1', 'h2'], ['h3']])
    const lastOfFirst = Math.max(...['h1', 'h2'].map((h) => run.events.findLastIndex((e) => e.event === 'host_result' && e.host === h)))
    const firstOfSecond = indexOf(run, (e) => e.event === 'host_result' && e.host === 'h3')
    expect(firstOfSecond).toBeGreaterThan(lastOfFirst)
    const batch1End = run.events[lastOfFirst]!.ts as number
    const h3First = results(run, 'first step').find((r) => r.host === 'h3')!
    expect((h3First.ts as number) - h3First.duration_ms).toBeGreaterThanOrEqual(batch1End)
  })

  it('any_errors_fatal: one failing host stops the others and the rest of the playbook', async () => {
    const root = kw.root()
    const run = await kw.play('fatal.yml', root)
    expect(run.code).toBe(2)
    for (const h of ['h1', 'h2', 'h3']) expect([h, read(root, `${h}/reached`), read(root, `${h}/later`)]).toEqual([h, null, null])
  })

  it('a failure inside a block with rescue does not trip any_errors_fatal', async () => {
    const root = kw.root()
    const run = await kw.play('fatal-rescue.yml', root)
    expect(run.code).toBe(0)
    expect(['h1', 'h2', 'h3'].map((h) => read(root, `${h}/reached`))).toEqual(['', '', ''])
    expect(recap(run).h1).toMatchObject({ failed: 0, rescued: 1 })
  })

  it('a play in which every host failed ends the playbook (exit 2)', async () => {
    const root = kw.root()
    const run = await kw.play('all-failed.yml', root)
    expect(run.code).toBe(2)
    expect(['h1', 'h2', 'h3'].map((h) => read(root, `${h}/later`))).toEqual([null, null, null])
  })

  it.each([
    ['play', { before: ['', null, null], after: [null, null, null] }],
    ['batch', { before: ['', '', ''], after: [null, '', ''] }],
  ])('meta: end_%s with serial: 1', async (how, want) => {
    const root = kw.root()
    const run = await kw.play('end.yml', root, '-e', `how=${how}`)
    expect(run.code).toBe(0)
    const files = (f: string): Array<string | null> => ['h1', 'h2', 'h3'].map((h) => read(root, `${h}/${f}`))
    expect({ before: files('before'), after: files('after') }).toEqual(want)
  })

  it.each([
    ['maxfail-30.yml', null],
    ['maxfail-50.yml', ''],
  ])('%s with 1 of 3 hosts failing: the others reach the next task = %j', async (book, reached) => {
    const root = kw.root()
    const run = await kw.play(book, root)
    expect(run.code).toBe(2)
    expect([read(root, 'h2/reached'), read(root, 'h3/reached')]).toEqual([reached, reached])
  })

  it('three hosts each sleeping 2 s finish the task in under 4 s (hosts run in parallel)', async () => {
    const run = await kw.play('parallel.yml', kw.root())
    expect(run.code).toBe(0)
    const start = run.events.find((e) => e.event === 'task_start' && (e.task as { name: string }).name === 'sleep everywhere')!
    const end = run.events.find((e) => e.event === 'task_end' && e.task === 'sleep everywhere')!
    const wall = (end.ts as number) - (start.ts as number)
    expect(results(run, 'sleep everywhere').map((r) => r.duration_ms >= 1900)).toEqual([true, true, true])
    expect(wall).toBeLessThan(4000)
  })
})
