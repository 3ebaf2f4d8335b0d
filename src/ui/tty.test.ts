import { LiveTask } from './tty-task.js'
import { describe, expect, it } from 'vitest'
import { stripAnsi } from './color.js'
import { createTtyReporter } from './tty.js'
import { Capture, result, scriptedRun, task } from './test-run.js'

function tty(): Capture {
  const out = new Capture()
  out.isTTY = true
  return out
}

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('TTY reporter', () => {
  it('runs a whole play on a terminal stream and ends with the recap', async () => {
    const out = tty()
    await scriptedRun(createTtyReporter({ out, diff: true, verbosity: 0, color: false }))
    const text = stripAnsi(out.text)
    expect(text).toContain('PLAY [web]')
    expect(text).toContain('✔ base : write config ok=1 changed=1 failed=0')
    expect(text).toContain('✖ start etcd ok=0 changed=0 failed=1 unreachable=1')
    expect(text).toContain('handler: base : restart app ok=0 changed=1 failed=0')
    expect(text.trimEnd().endsWith(
      'h1    : ok=3    changed=2    unreachable=0    failed=1    skipped=0    rescued=0    ignored=1\n' +
        'web02 : ok=1    changed=1    unreachable=1    failed=0    skipped=1    rescued=0    ignored=0',
    )).toBe(true)
  })

  it('shows [done/total hosts] while a task runs and the counts when it ends', async () => {
    const out = tty()
    const rep = createTtyReporter({ out, diff: false, verbosity: 0, color: false })
    const t = task('install')
    rep.taskStart?.({ task: t, hosts: ['a', 'b', 'c'] })
    rep.hostResult?.(result('a', t, 'changed'))
    await tick()
    expect(stripAnsi(out.text)).toContain('install [1/3 hosts]')
    rep.hostResult?.(result('b', t, 'ok'))
    rep.hostResult?.(result('c', t, 'ok'))
    rep.taskEnd?.({ task: t })
    await rep.close?.()
    expect(stripAnsi(out.text)).toContain('✔ install ok=2 changed=1 failed=0')
  })

  it('counts a looping host once, by its worst item', async () => {
    const out = tty()
    const rep = createTtyReporter({ out, diff: false, verbosity: 0, color: false })
    const t = task('loop')
    rep.taskStart?.({ task: t, hosts: ['a'] })
    rep.hostResult?.(result('a', t, 'ok', { item: '1' }))
    rep.hostResult?.(result('a', t, 'changed', { item: '2' }))
    rep.hostResult?.(result('a', t, 'ok', { item: '3' }))
    rep.taskEnd?.({ task: t })
    await rep.close?.()
    expect(stripAnsi(out.text)).toContain('loop ok=0 changed=1 failed=0')
  })

  it('prints failures after the final task line, so they stay on screen', async () => {
    const out = tty()
    const rep = createTtyReporter({ out, diff: false, verbosity: 0, color: false })
    const t = task('boom')
    rep.taskStart?.({ task: t, hosts: ['a'] })
    rep.hostResult?.(result('a', t, 'failed', { msg: 'exit 1' }))
    rep.taskEnd?.({ task: t })
    await rep.close?.()
    const text = stripAnsi(out.text)
    expect(text.lastIndexOf('fatal: [a]: FAILED! => exit 1')).toBeGreaterThan(text.lastIndexOf('✖ boom'))
  })

  it('marks a task every host skipped', async () => {
    const out = tty()
    const rep = createTtyReporter({ out, diff: false, verbosity: 0, color: false })
    const t = task('maybe')
    rep.taskStart?.({ task: t, hosts: ['a'] })
    rep.hostResult?.(result('a', t, 'skipped'))
    rep.taskEnd?.({ task: t })
    await rep.close?.()
    expect(stripAnsi(out.text)).toContain('↓ maybe ok=0 changed=0 failed=0 skipped=1')
  })

  it('does not wait forever on close when a task never ended', async () => {
    const out = tty()
    const rep = createTtyReporter({ out, diff: false, verbosity: 0, color: false })
    const t = task('cut')
    rep.taskStart?.({ task: t, hosts: ['a', 'b'] })
    rep.hostResult?.(result('a', t, 'ok'))
    await rep.close?.()
    expect(stripAnsi(out.text)).toContain('cut ok=1 changed=0 failed=0')
  })

  it('prints no colour escape when colour is off', async () => {
    const out = tty()
    await scriptedRun(createTtyReporter({ out, diff: true, verbosity: 0, color: false }))
    // Only listr2's cursor and line-erase controls remain, never an SGR colour code.
    expect(out.text).not.toMatch(/\x1b\[[0-9;]*m/)
  })

  it('names the hosts waiting on an until retry in the running title, until their result arrives', () => {
    const t = task('wait')
    const live = new LiveTask(t, ['a', 'b'], { diff: false, verbosity: 0, color: false })
    live.retry('a', 4)
    expect(live.progressTitle()).toBe('wait [0/2 hosts] retrying: a (4 left)')
    live.add(result('a', t, 'ok'))
    expect(live.progressTitle()).toBe('wait [1/2 hosts]')
  })

  it('prints a result of another task than the live one on its own line (strategy: free interleaves tasks)', async () => {
    const out = tty()
    const rep = createTtyReporter({ out, diff: false, verbosity: 0, color: false })
    const a = task('first')
    const b = task('second', { pos: { file: 'site.yml', line: 9 } })
    rep.taskStart?.({ task: b, hosts: ['h2'] })
    rep.hostResult?.(result('h1', a, 'failed', { msg: 'late result of the first task' }))
    rep.hostResult?.(result('h2', b, 'ok'))
    rep.taskEnd?.({ task: b })
    await rep.close?.()
    const text = stripAnsi(out.text)
    expect(text).toContain('fatal: [h1]: FAILED! => late result of the first task')
    expect(text).toContain('second ok=1 changed=0 failed=0')
  })
})
