import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture, recap, tasksRun } from './helpers.js'
import { Keywords, read } from './keywords-helpers.js'

/**
 * The command line around a playbook run, on the local connection (test/fixtures/keywords):
 * --start-at-task, --limit patterns, --list-hosts, adhoc, inventory --list, and gathered facts.
 */
let kw: Keywords
beforeAll(() => {
  kw = new Keywords(copyFixture('keywords'))
})
afterAll(() => rmSync(kw.project, { recursive: true, force: true }))

describe('command line: --start-at-task, --limit, --list-hosts, adhoc, inventory', () => {
  it('--start-at-task skips the tasks before it', async () => {
    const root = kw.root()
    const run = await kw.play('steps.yml', root, '--start-at-task', 'step two')
    expect(run.code).toBe(0)
    expect(tasksRun(run)).toEqual(['step two', 'step three'])
    expect([read(root, 'h1/one'), read(root, 'h1/two')]).toEqual([null, '2\n'])
  })

  it.each([
    ['all:!db', ['h1', 'h2']],
    ['!h1', ['h2', 'h3']],
    ['all:&web:!h1', ['h2']],
    ['web:&db', []],
  ])('--limit %s runs on %j', async (limit, hosts) => {
    const run = await kw.play('steps.yml', kw.root(), '--limit', limit)
    expect(run.code).toBe(0)
    expect(Object.keys(recap(run)).sort()).toEqual(hosts)
  })

  it('--list-hosts prints the play pattern and the matched hosts, touching nothing', async () => {
    const run = await kw.cli(['playbooks/steps.yml', '-i', 'inventory.ini', '--list-hosts', '--limit', 'web'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/play #1 \(all\): steps/)
    expect(run.stdout).toMatch(/hosts \(2\):\n\s+h1\n\s+h2\n/)
  })

  it('adhoc shell on all hosts: exit 0, each host and its output shown', async () => {
    const run = await kw.cli(['adhoc', 'all', '-i', 'inventory.ini', '-m', 'shell', '-a', 'echo hi-from-$(echo adhoc)'])
    expect(run.code).toBe(0)
    for (const h of ['h1', 'h2', 'h3']) expect(run.stdout).toContain(h)
    expect(run.stdout).toContain('hi-from-adhoc')
  })

  it('adhoc on a failing command exits 2', async () => {
    const run = await kw.cli(['adhoc', 'h1', '-i', 'inventory.ini', '-m', 'command', '-a', '/bin/false'])
    expect(run.code).toBe(2)
  })

  it('inventory --list: _meta.hostvars and groups with hosts/children', async () => {
    const run = await kw.cli(['inventory', '-i', 'inventory.ini', '--list'])
    expect(run.code).toBe(0)
    const inv = JSON.parse(run.stdout) as Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } }
    expect(Object.keys(inv._meta.hostvars).sort()).toEqual(['h1', 'h2', 'h3'])
    expect(inv._meta.hostvars.h3).toMatchObject({ ansible_connection: 'local', role_label: 'database' })
    expect(inv.all!.children).toEqual(expect.arrayContaining(['web', 'db']))
    expect(inv.web!.hosts).toEqual(['h1', 'h2'])
    expect(inv.db!.hosts).toEqual(['h3'])
  })
})

describe('gather_facts', () => {
  it('ansible_hostname is the short hostname; ansible_default_ipv4 is the default route or an empty dict', async () => {
    const root = kw.root()
    const run = await kw.play('facts.yml', root)
    expect(run.code).toBe(0)
    const facts = JSON.parse(read(root, 'h1/facts.json')!) as { hostname: string; ipv4: Record<string, string>; is_dict: boolean }
    expect(facts.hostname).toBe(execFileSync('hostname', { encoding: 'utf8' }).trim().split('.')[0])
    expect(facts.is_dict).toBe(true)
    const route = execFileSync('sh', ['-c', 'ip -4 route show default 2>/dev/null || true'], { encoding: 'utf8' })
    const dev = /\bdev (\S+)/.exec(route)?.[1]
    if (dev) expect(facts.ipv4).toMatchObject({ interface: dev, address: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) })
    else expect(facts.ipv4).toEqual({})
  })
})
