import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture, recap, tasksRun, type Run } from './helpers.js'
import { Keywords, changedPerHost, read, resultOf, results, statuses } from './keywords-helpers.js'

/**
 * The playbook language as Ansible users expect it, keyword by keyword, on the local
 * connection (test/fixtures/keywords: h1, h2 in web, h3 in db). One small playbook per concern.
 */
let kw: Keywords
beforeAll(() => {
  kw = new Keywords(copyFixture('keywords'))
})
afterAll(() => rmSync(kw.project, { recursive: true, force: true }))

describe('handlers', () => {
  it('run once at the end of the play, in definition order, by name or listen topic; not for ok tasks; not again on a rerun', async () => {
    const root = kw.root()
    const first = await kw.play('handlers.yml', root)
    expect(first.code).toBe(0)
    // second handler was notified first and by three tasks: still once, after first handler
    for (const h of ['h1', 'h2']) expect(read(root, `${h}/log`)).toBe('last-task\nfirst\nsecond\ntopic\n')
    const second = await kw.play('handlers.yml', root)
    expect(changedPerHost(second)).toEqual({ h1: 0, h2: 0 })
    expect(read(root, 'h1/log')).toBe('last-task\nfirst\nsecond\ntopic\nlast-task\n')
  })

  it('meta: flush_handlers runs them mid-play, and only once', async () => {
    const root = kw.root()
    const run = await kw.play('flush.yml', root)
    expect(run.code).toBe(0)
    expect(read(root, 'h1/log')).toBe('handler\nafter-flush\n')
  })

  it('a later failure skips the failed host handlers, unless --force-handlers', async () => {
    const plain = kw.root()
    const run = await kw.play('force.yml', plain)
    expect(run.code).toBe(2)
    expect({ h1: read(plain, 'h1/log'), h2: read(plain, 'h2/log') }).toEqual({ h1: null, h2: 'handler\n' })
    const forced = kw.root()
    const frun = await kw.play('force.yml', forced, '--force-handlers')
    expect(frun.code).toBe(2)
    expect({ h1: read(forced, 'h1/log'), h2: read(forced, 'h2/log') }).toEqual({ h1: 'handler\n', h2: 'handler\n' })
  })
})

describe('results: ignore_errors, failed_when, changed_when, until, exit codes', () => {
  it('judges results from the registered value; ignored failures let the play go on (exit 0)', async () => {
    const root = kw.root()
    const run = await kw.play('results.yml', root)
    expect(run.code).toBe(0)
    expect(recap(run).h1).toMatchObject({ failed: 0, ignored: 2 })
    expect(statuses(run, 'a failure ignored')).toEqual({ h1: 'ignored' })
    expect(statuses(run, 'rc 3 accepted')).toEqual({ h1: 'ok' })
    expect(resultOf(run, 'output decides failure', 'h1')).toMatchObject({ status: 'ignored', msg: expect.stringContaining("failed_when condition met: 'ERROR' in out.stdout") })
    expect(statuses(run, 'changed only when told')).toEqual({ h1: 'ok' })
    expect(read(root, 'h1/results')).toBe('rc=3 failed=False out_failed=True q_changed=False\n')
    expect(changedPerHost(await kw.play('results.yml', root))).toEqual({ h1: 0 })
  })

  it('until/retries/delay: retries until the condition holds (3rd try), then gives up after retries+1 attempts', async () => {
    const root = kw.root()
    const run = await kw.play('until.yml', root)
    expect(run.code).toBe(0)
    expect(read(root, 'h1/count')).toBe('3\n')
    expect(read(root, 'h1/attempts')).toBe('3 3\n')
    const counted = results(run, 'count tries')[0]!
    expect(counted.status).toBe('ok')
    expect(counted.duration_ms).toBeGreaterThanOrEqual(1900) // two waits of delay: 1
    const never = results(run, 'never true')[0]!
    expect(never.status).toBe('ignored')
    expect(String(never.msg)).toContain('3 attempts')
    // each failed attempt with retries left is reported as it happens ("FAILED - RETRYING")
    const retries = run.events.filter((e) => e.event === 'retry').map((e) => [e.task, e.attempt, e.retries_left])
    expect(retries).toEqual([['count tries', 1, 5], ['count tries', 2, 4], ['never true', 1, 2], ['never true', 2, 1]])
  })

  it('until: the plain output says FAILED - RETRYING for each failed attempt, as ansible-playbook does', async () => {
    const root = kw.root()
    const run = await kw.cli(['playbooks/until.yml', '-i', 'inventory.ini', '-e', `root=${root}`])
    expect(run.stdout.split('\n').filter((l) => l.startsWith('FAILED - RETRYING'))).toEqual([
      'FAILED - RETRYING: [h1]: count tries (5 retries left).',
      'FAILED - RETRYING: [h1]: count tries (4 retries left).',
      'FAILED - RETRYING: [h1]: never true (2 retries left).',
      'FAILED - RETRYING: [h1]: never true (1 retries left).',
    ])
  })
})

describe('run_once and delegate_to', () => {
  it('run_once: one host runs it, every host sees the registered value', async () => {
    const root = kw.root()
    const run = await kw.play('run-once.yml', root)
    expect(run.code).toBe(0)
    expect(read(root, 'once.log')).toBe('h1\n')
    for (const h of ['h1', 'h2', 'h3']) expect([h, read(root, `${h}/seen`)]).toEqual([h, 'ran-on-h1\n'])
  })

  it('delegate_to: localhost runs on the controller with the host variables; localhost gets no recap line', async () => {
    const root = kw.root()
    const run = await kw.cli(['playbooks/delegate.yml', '-i', 'delegate.ini', '-e', `root=${root}`, '--json'])
    expect(run.code).toBe(0)
    expect(read(root, 'delegated')).toBe('written for unreachable1\n')
    expect(results(run, 'on the controller')[0]).toMatchObject({ host: 'unreachable1', status: 'changed', delegated_to: 'localhost' })
    expect(Object.keys(recap(run))).toEqual(['unreachable1'])
  })
})

describe('loops and conditions', () => {
  it('loop_control (loop_var, index_var, label), with_items, with_dict, with_sequence; rerun changes nothing', async () => {
    const root = kw.root()
    const run = await kw.play('loops.yml', root)
    expect(run.code).toBe(0)
    expect(results(run, 'loop control').map((r) => r.item)).toEqual(['nginx', 'redis'])
    expect([read(root, 'h1/pkg-nginx'), read(root, 'h1/pkg-redis')]).toEqual(['0:nginx:80\n', '1:redis:6379\n'])
    expect(['a', 'b', 'c'].map((i) => read(root, `h1/item-${i}`))).toEqual(['a\n', 'b\n', 'c\n'])
    expect([read(root, 'h1/dict-x'), read(root, 'h1/dict-y')]).toEqual(['1\n', '2\n'])
    expect(['n01', 'n02', 'n03'].map((i) => read(root, `h1/seq-${i}`))).toEqual(['n01\n', 'n02\n', 'n03\n'])
    expect(changedPerHost(await kw.play('loops.yml', root))).toEqual({ h1: 0 })
  })

  it('when with a registered variable', async () => {
    const root = kw.root()
    writeFileSync(join(root, 'h1/enabled'), '')
    const run = await kw.play('when.yml', root)
    expect(statuses(run, 'only where enabled')).toEqual({ h1: 'changed', h2: 'skipped' })
    expect([read(root, 'h1/configured'), read(root, 'h2/configured')]).toEqual(['on\n', null])
  })
})

describe('block / rescue / always', () => {
  it('rescue sees the failure, always runs after a failure; rescued is counted; no rescue leaves the host failed', async () => {
    const root = kw.root()
    const run = await kw.play('blocks.yml', root)
    expect(run.code).toBe(2)
    expect(read(root, 'h1/log')).toBe('rescue rc=1 task=fails on h1\nalways\n')
    expect(read(root, 'h2/log')).toBe('block-end\nalways\nalways2\n')
    expect(recap(run).h1).toMatchObject({ failed: 0, rescued: 1 })
    expect(recap(run).h2).toMatchObject({ failed: 1, rescued: 0 })
  })
})

describe('includes, imports and roles', () => {
  it('include_tasks (templated name, loop), import_tasks, include_role/import_role (vars), meta dependencies first', async () => {
    const root = kw.root()
    const run = await kw.play('includes.yml', root)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(read(root, 'h1/roles')).toBe('base\napp\n')
    expect([read(root, 'h1/part-one'), read(root, 'h1/part-two')]).toEqual(['one via part\n', 'two via part\n'])
    expect([read(root, 'h1/imported-1'), read(root, 'h1/untagged')]).toEqual(['1\n', 'u\n'])
    expect(read(root, 'h1/greeting-included')).toBe('hello\n')
    expect(read(root, 'h1/greeting-imported')).toBe('bonjour\n')
    expect(changedPerHost(await kw.play('includes.yml', root))).toEqual({ h1: 0 })
  })

  it('import_tasks passes its tags to the imported tasks: --tags imp runs them and nothing else', async () => {
    const root = kw.root()
    const run = await kw.play('includes.yml', root, '--tags', 'imp')
    expect(run.code).toBe(0)
    expect(tasksRun(run)).toEqual(['imported one', 'imported two'])
  })
})

describe('set_fact, debug, assert, fail', () => {
  let run: Run
  let root: string
  beforeAll(async () => {
    root = kw.root()
    run = await kw.play('messages.yml', root)
  })

  it('set_fact values are usable by later tasks', () => {
    expect([read(root, 'h1/fact'), read(root, 'h2/fact')]).toEqual(['hi h1\n', 'hi h2\n'])
  })

  it('debug shows msg and var; verbosity: 1 is skipped without -v and shown with -v', async () => {
    expect(resultOf(run, 'debug msg', 'h1')).toMatchObject({ status: 'ok', display: { msg: 'message is hi h1' } })
    expect(resultOf(run, 'debug var', 'h1')?.data).toMatchObject({ greeting: 'hi h1' })
    expect(statuses(run, 'debug verbose')).toEqual({ h1: 'skipped', h2: 'skipped' })
    const verbose = await kw.cli(['playbooks/messages.yml', '-i', 'inventory.ini', '-e', `root=${kw.root()}`, '-v'])
    expect(verbose.stdout).toContain('only with -v')
  })

  it('debug var prints as Ansible does: `ok: [h1] => { "greeting": "hi h1" }`', async () => {
    const plain = await kw.cli(['playbooks/messages.yml', '-i', 'inventory.ini', '-e', `root=${kw.root()}`, '--plain'])
    expect(plain.stdout).toMatch(/ok: \[h1\] => \{\n\s+"greeting": "hi h1"\n\}/)
  })

  it('a failed assert fails the host with fail_msg; fail stops with msg; exit code 2', () => {
    expect(run.code).toBe(2)
    expect(statuses(run, 'assert holds')).toEqual({ h1: 'ok', h2: 'ok' })
    expect(resultOf(run, 'assert fails', 'h1')).toMatchObject({ host: 'h1', status: 'failed', msg: 'greeting was hi h1' })
    expect(resultOf(run, 'stop here', 'h2')).toMatchObject({ status: 'failed', msg: 'stopped by fail on h2' })
    expect(statuses(run, 'stop here')).toEqual({ h2: 'failed' }) // h1 had failed already
    expect([read(root, 'h1/after'), read(root, 'h2/after')]).toEqual([null, null])
  })
})

describe('no_log', () => {
  it.each(['--json -vv --diff', '--plain -vv --diff', '--plain'])('the secret never appears in stdout or stderr (%s), not even in a failure', async (flags) => {
    const root = kw.root()
    const run = await kw.cli(['playbooks/no-log.yml', '-i', 'inventory.ini', '-e', `root=${root}`, ...flags.split(' ')])
    expect(run.code).toBe(2) // the last task failed: its message went through redaction too
    expect(read(root, 'h1/secret')).toBe('s3cr3t-value\n') // the secret was really used
    expect(run.stdout + run.stderr).not.toContain('s3cr3t')
    expect(run.stdout).toContain('failing with the secret')
  })
})

describe('environment, become, check_mode', () => {
  it('environment (play and task, templated) reaches the command', async () => {
    const root = kw.root()
    expect((await kw.play('env.yml', root)).code).toBe(0)
    expect(read(root, 'h1/env')).toBe('hello from-play\n')
  })

  it('become: true, become_user: root works on the local connection as root', async () => {
    const root = kw.root()
    const run = await kw.play('become.yml', root)
    expect(run.code).toBe(0)
    expect(read(root, 'h1/uid')).toBe('0\n')
  })

  it('check_mode: false forces a task under --check; check_mode: true never changes', async () => {
    const root = kw.root()
    const check = await kw.play('check-mode.yml', root, '--check')
    expect(check.code).toBe(0)
    expect([read(root, 'h1/forced'), read(root, 'h1/normal'), read(root, 'h1/dry')]).toEqual(['forced\n', null, null])
    await kw.play('check-mode.yml', root)
    expect([read(root, 'h1/normal'), read(root, 'h1/dry')]).toEqual(['normal\n', null])
  })
})
