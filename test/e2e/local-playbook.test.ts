import { appendFileSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture, hashTree, krun, listedTasks, recap, tasksRun, total, type Run } from './helpers.js'

/**
 * The engine end to end on the local connection: roles, handlers, loops, when, register,
 * block/rescue, facts; then idempotence, check mode and tags, as a user would run them.
 */
describe('playbook on the local connection', () => {
  let project: string
  let root: string
  let first: Run
  const run = (...extra: string[]): Promise<Run> =>
    krun(['playbooks/site.yml', '-i', 'inventory.ini', '-e', `root=${root}`, '--json', ...extra], { cwd: project })

  beforeAll(async () => {
    project = copyFixture('project')
    root = join(project, 'hosts')
    first = await run()
  })
  afterAll(() => rmSync(project, { recursive: true, force: true }))

  it('applies roles, loops, conditions, handlers and rescue on the first run', () => {
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const conf = readFileSync(join(root, 'web1/app/app.conf'), 'utf8')
    expect(conf).toContain('listen = 8080') // inventory [all:vars] beats role defaults
    expect(conf).toContain('workers = 2') // role default
    expect(conf).toMatch(/user = alice\nuser = bob\n/)
    expect(readFileSync(join(root, 'web2/app/users/bob.conf'), 'utf8')).toBe('user=bob\n')
    expect(readFileSync(join(root, 'web1/app/restarts'), 'utf8')).toBe('restarted\n')
    expect(readFileSync(join(root, 'web1/app/rescued'), 'utf8')).toBe('rescued on web1\n')
    expect(readFileSync(join(root, 'db1/facts.txt'), 'utf8')).toMatch(/^kernel=\S+ groups=db\n$/)
    const stats = recap(first)
    expect(stats.web1).toMatchObject({ failed: 0, rescued: 1, unreachable: 0 })
    expect(stats.web1!.changed).toBeGreaterThanOrEqual(6)
    expect(stats.db1).toMatchObject({ failed: 0, changed: 3 })
  })

  it('changes nothing on the second run, and the handler does not fire again', async () => {
    const second = await run()
    expect(second.code).toBe(0)
    for (const [host, s] of Object.entries(recap(second))) expect({ host, changed: s.changed }).toEqual({ host, changed: 0 })
    expect(readFileSync(join(root, 'web1/app/restarts'), 'utf8')).toBe('restarted\n')
  })

  it('--check --diff after a template edit reports exactly that task, shows the line, and changes no byte', async () => {
    appendFileSync(join(project, 'roles/webapp/templates/app.conf.j2'), '# tuned by hand\n')
    const before = hashTree(root)
    const check = await run('--check', '--diff')
    expect(check.code).toBe(0)
    expect(hashTree(root)).toEqual(before)
    expect(tasksRun(check, 'changed')).toEqual(['webapp : App config'])
    const changed = check.events.filter((e) => e.event === 'host_result' && e.status === 'changed')
    expect(changed.map((e) => e.host).sort()).toEqual(['web1', 'web2'])
    const diff = JSON.stringify(changed[0]!.diffs)
    expect(diff).toContain('+# tuned by hand')
    expect(diff).not.toContain('-listen')
  })

  it('--tags runs exactly the tasks that --list-tasks --tags printed', async () => {
    for (const tag of ['users', 'marker', 'webapp']) {
      const listing = await krun(['playbooks/site.yml', '-i', 'inventory.ini', '--list-tasks', '--tags', tag], { cwd: project })
      expect(listing.code).toBe(0)
      const listed = listedTasks(listing.stdout)
      expect(listed.length).toBeGreaterThan(0)
      const ran = await run('--tags', tag)
      expect(ran.code).toBe(0)
      expect(tasksRun(ran).filter((t) => t !== 'Gathering Facts')).toEqual(listed)
    }
  })

  it('--skip-tags leaves those tasks out', async () => {
    const ran = await run('--skip-tags', 'webapp,rescue')
    const names = tasksRun(ran)
    expect(names).not.toContain('webapp : App config')
    expect(names).not.toContain('A command that fails')
    expect(names).toContain('One file per user')
    expect(total(ran, 'failed')).toBe(0)
  })
})
