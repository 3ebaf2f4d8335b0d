import { describe, expect, it } from 'vitest'
import { createJsonReporter } from './json.js'
import { Capture, result, scriptedRun, task } from './test-run.js'

async function events(diff = true): Promise<Record<string, unknown>[]> {
  const out = new Capture()
  let clock = 1000
  await scriptedRun(createJsonReporter({ out, diff, verbosity: 0, color: true }, () => clock++))
  return out.text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('JSON-lines reporter', () => {
  it('writes one parseable object per event, in order, with a millisecond timestamp', async () => {
    const evs = await events()
    const task = (results: number): string[] => ['task_start', ...Array<string>(results).fill('host_result'), 'task_end']
    expect(evs.map((e) => e['event'])).toEqual([
      'play_start',
      ...task(2),
      ...task(3),
      ...task(2),
      ...task(2),
      'warning',
      ...task(1),
      ...task(1),
      'play_end',
      'recap',
    ])
    expect(evs.map((e) => e['ts'])).toEqual(evs.map((_, i) => 1000 + i))
  })

  it('carries the host, status, message, item and diffs of a result', async () => {
    const evs = await events()
    const hr = evs.filter((e) => e['event'] === 'host_result')
    expect(hr[0]).toMatchObject({
      host: 'web02',
      task: 'write config',
      role: 'base',
      status: 'changed',
      msg: 'content differs',
      duration_ms: 5,
      diffs: [{ path: '/etc/app.conf', patch: expect.stringContaining('-a=1\n+a=2\n') }],
    })
    expect(hr[2]).toMatchObject({ host: 'h1', status: 'changed', item: '/srv/a' })
    expect(hr.find((e) => e['status'] === 'unreachable')).toMatchObject({ host: 'web02', msg: 'connect ECONNREFUSED 10.0.0.2:22' })
    expect(evs.find((e) => e['event'] === 'warning')).toMatchObject({ msg: 'no hosts left' })
  })

  it('ends with the recap stats and prints no colour escape', async () => {
    const out = new Capture()
    await scriptedRun(createJsonReporter({ out, diff: true, verbosity: 0, color: true }))
    expect(out.text).not.toContain('\x1b')
    const last = JSON.parse(out.text.trimEnd().split('\n').at(-1)!) as { event: string; stats: Record<string, { failed: number }> }
    expect(last.event).toBe('recap')
    expect(last.stats['h1']?.failed).toBe(1)
  })

  it('leaves diffs out without --diff', async () => {
    const hr = (await events(false)).filter((e) => e['event'] === 'host_result')
    expect(hr.every((e) => !('diffs' in e))).toBe(true)
  })

  it('gives only the summary of a redacted diff', () => {
    const out = new Capture()
    const t = task('key')
    createJsonReporter({ out, diff: true, verbosity: 0, color: false }).hostResult?.(
      result('h1', t, 'changed', { diffs: [{ path: '/k.pem', before: null, after: 'SECRET', redacted: 'key created' }] }),
    )
    expect(out.text).not.toContain('SECRET')
    expect(JSON.parse(out.text)).toMatchObject({ diffs: [{ path: '/k.pem', redacted: 'key created' }] })
  })
})
