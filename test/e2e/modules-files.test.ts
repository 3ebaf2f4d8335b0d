import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabProject, type LabProject } from './lab-project.js'
import { recap, type Run } from './helpers.js'
import { changedLines, results } from './module-results.js'
import { BROKEN, INVALID, LISTING, PLAYBOOK, PROJECT, R, SEED, SNAPSHOT, hostVars } from './files-playbooks.js'

/**
 * copy, template, file, command, shell, stat and the local modules (assert, set_fact, debug,
 * fail, meta) on 2 systemd lab hosts, one playbook per step: apply (changed), apply again (ok,
 * with each module's no-op reason; only the unguarded shell runs again), --check --diff with
 * changed arguments (changed, the exact lines, commands skipped with their reason, no byte
 * changed on the hosts), a validator that refuses new content, and bad arguments refused at
 * load with file:line:col.
 */
let lp: LabProject
let hosts: string[]
const ROLES = ['primary', 'replica']

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex')
/** task (with the loop item) -> a field of the host's result. */
const byTask = (run: Run, host: string, key: string): Record<string, unknown> =>
  Object.fromEntries(results(run).filter((e) => e.host === host).map((e) => [e.item ? `${String(e.task)}[${String(e.item)}]` : e.task, e[key]]))
const snapshots = (): Promise<string[]> => Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))

const TASKS = ['template[site]', 'template[mirror]', 'copy content', 'copy src', 'copy tree', 'copy backup', 'copy validate', 'copy force no',
  'file directory', 'file touch', 'file link', 'file hard', 'file absent', 'file recurse',
  'command argv', 'command stdin', 'command removes', 'shell chdir', 'shell unguarded', 'stat used']
const LOCAL = { stat: 'ok', 'stat says no': 'skipped', assert: 'ok', set_fact: 'ok', debug: 'ok', fail: 'skipped' }

/** What apply leaves under the root: every entry's type, mode, owner, group, links and target. */
const LISTED = `. d 755 root root 5
./app d 750 root root 2
./app/touched f 600 root root 1
./app/where.txt f 644 root root 1
./backed.conf f 644 root root 1
./backed.conf.TIME~ f 644 root root 1
./current.txt l 777 root root 1 motd.txt
./etc d 755 root root 2
./etc/banner.txt f 640 root root 1
./hard.txt f 644 root root 2
./keep.txt f 644 root root 1
./made by argv f 644 root root 1
./mirror.conf f 644 root root 1
./motd.sum f 644 root root 1
./motd.txt f 644 root root 2
./run.sh f 755 root root 1
./runs.log f 644 root root 1
./site.conf f 644 root root 1
./tee.txt f 644 root root 1
./tree d 750 nobody nogroup 3
./tree/a.txt f 640 nobody nogroup 1
./tree/sub d 750 nobody nogroup 3
./tree/sub/b.txt f 640 nobody nogroup 1
./tree/sub/deeper d 750 nobody nogroup 2
./tree/sub/deeper/c.txt f 640 nobody nogroup 1
`

beforeAll(async () => {
  lp = await startLabProject({ name: 'm-files', hosts: 2 })
  hosts = lp.lab.hosts.map((h) => h.name)
  await Promise.all(hosts.map((h) => lp.onHost(h, SEED)))
  for (const [rel, text] of Object.entries(PROJECT)) lp.write(rel, text)
  hosts.forEach((h, i) => lp.write(`host_vars/${h}.yml`, hostVars(ROLES[i] ?? '')))
  lp.write('files.yml', PLAYBOOK)
  lp.write('invalid.yml', INVALID)
}, 300_000)

afterAll(async () => {
  await lp?.stop()
})

describe('file modules on lab hosts', () => {
  it('apply: every module changes every host, and the files are exactly as Ansible would leave them', async () => {
    const run = await lp.krun('files.yml')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(byTask(run, h, 'status')).toEqual({ ...Object.fromEntries(TASKS.map((t) => [t, 'changed'])), ...LOCAL })
    for (const [i, h] of hosts.entries()) {
      expect(await lp.onHost(h, LISTING)).toBe(LISTED)
      const conf = (name: string): string => `# ${name} of ${h}\nrole = ${ROLES[i]}\nlisten 80\nlisten 443\n`
      expect(await lp.onHost(h, `cd ${R} && cat site.conf mirror.conf`)).toBe(conf('site') + conf('mirror'))
      expect(await lp.onHost(h, `cd ${R} && cat motd.txt keep.txt etc/banner.txt backed.conf backed.conf.*~ run.sh`))
        .toBe(`welcome\nwelcome\n${PROJECT['files/banner.txt']}new=1\nold=0\n#!/bin/sh\necho ok\n`)
      expect(await lp.onHost(h, `cd ${R} && cat tree/a.txt tree/sub/b.txt tree/sub/deeper/c.txt`)).toBe('a\nb\nc\n')
      // command/shell: argv with a space, stdin with its newline, chdir, removes, the unguarded run
      expect(await lp.onHost(h, `cd ${R} && cat tee.txt app/where.txt runs.log 'made by argv' && ls marker obsolete 2>&1 || true`))
        .toBe(`from stdin\n${R}/app\nroot\nrun\nls: cannot access 'marker': No such file or directory\nls: cannot access 'obsolete': No such file or directory\n`)
      expect(await lp.onHost(h, `stat -c %i ${R}/motd.txt ${R}/hard.txt | uniq | wc -l`)).toBe('1\n')
      // stat's registered fields, written by a task that ran because of them
      expect(await lp.onHost(h, `cat ${R}/motd.sum`)).toBe(`${sha1('welcome\n')} 0644 root 2\n`)
    }
    expect(results(run).filter((e) => e.task === 'debug').map((e) => (e.display as { msg?: string }).msg)).toEqual([`sum ${sha1('welcome\n')}`, `sum ${sha1('welcome\n')}`])
  })

  it('apply again: only the unguarded command runs, and each module says why it has nothing to do', async () => {
    const run = await lp.krun('files.yml')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 1, failed: 0 })
    const h = hosts[1]!
    expect(byTask(run, h, 'msg')).toEqual({
      'template[site]': 'content and attributes match',
      'template[mirror]': 'content and attributes match',
      'copy content': 'content and attributes match',
      'copy src': 'content and attributes match',
      'copy tree': '3 files: content and attributes match',
      'copy backup': 'content and attributes match',
      'copy validate': 'content and attributes match',
      'copy force no': `${R}/keep.txt exists and force=no`,
      'file directory': `directory ${R}/app exists, attributes match`,
      'file touch': `file ${R}/app/touched exists, times preserved and attributes match`,
      'file link': `link ${R}/current.txt -> motd.txt exists`,
      'file hard': `${R}/hard.txt is a hard link to ${R}/motd.txt`,
      'file absent': `${R}/obsolete is absent`,
      'file recurse': `directory ${R}/tree exists, attributes match`,
      'command argv': `${R}/made by argv exists`,
      'command stdin': 'tee.txt exists',
      'command removes': 'marker does not exist',
      'shell chdir': `${R}/app/where.txt exists`,
      'shell unguarded': `echo run >> ${R}/runs.log`,
      stat: `${R}/motd.txt exists`,
      'stat used': 'content and attributes match',
      'stat says no': 'Conditional result was False: st.stat.isdir',
      assert: 'motd checked',
      set_fact: '',
      debug: '',
      fail: 'Conditional result was False: st.stat.islnk',
    })
    expect(byTask(run, h, 'status')['shell unguarded']).toBe('changed')
    for (const x of hosts) expect(await lp.onHost(x, `cat ${R}/runs.log; ls ${R} | grep -c '^backed.conf.*~$'`)).toBe('run\nrun\n1\n')
  })

  it('--check --diff with changed arguments: changed, exactly the lines that change, commands skipped, no byte changed', async () => {
    const before = await snapshots()
    const vars = 'greeting=bonjour backup_value=2 banner_mode=0600 tls_port=8443 dir_mode=u=rwx,g=,o= touch_mode=0644 link_src=etc/banner.txt tree_mode=u=rwX,g=,o='
    const run = await lp.krun('files.yml', '--check', '--diff', '-e', vars)
    expect(results(run, 'failed')).toEqual([])
    expect(run.code).toBe(0)
    expect(await snapshots()).toEqual(before)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 8, failed: 0 })
    const h = hosts[0]!
    const diffs = Object.fromEntries(results(run, 'changed').filter((e) => e.host === h).map((e) => [e.item ? `${String(e.task)}[${String(e.item)}]` : e.task, changedLines(e)]))
    expect(diffs).toEqual({
      'template[site]': ['-listen 443', '+listen 8443'],
      'template[mirror]': ['-listen 443', '+listen 8443'],
      'copy content': ['-welcome', '+bonjour'],
      'copy src': ['-mode: 0640', '+mode: 0600'],
      'copy backup': ['-new=1', '+new=2'],
      'file directory': ['-mode: 0750', '+mode: 0700'],
      'file touch': ['-mode: 0600', '+mode: 0644'],
      'file link': ['-src: motd.txt', '+src: etc/banner.txt'],
      'file recurse': ['-mode: 0750', '+mode: 0700', '+recursive mode: u=rwX,g=,o='],
    })
    const status = byTask(run, h, 'status')
    expect(status['copy force no']).toBe('ok')
    expect(status['shell unguarded']).toBe('skipped')
    expect(byTask(run, h, 'msg')['shell unguarded']).toBe(`skipped in check mode: echo run >> ${R}/runs.log`)
    for (const t of ['command argv', 'command stdin', 'command removes', 'shell chdir', 'copy tree', 'copy validate', 'stat used']) expect(status[t], t).toBe('ok')
  })

  it('a validator that refuses the new content: the task fails and every byte stays', async () => {
    const before = await snapshots()
    const run = await lp.krun('invalid.yml')
    expect(run.code).toBe(2)
    const failed = results(run, 'failed')
    expect(failed.map((e) => e.host).sort()).toEqual([...hosts].sort())
    for (const e of failed) expect(String(e.msg)).toMatch(new RegExp(`^failed to validate ${R}/run\\.sh: Command failed with exit code 2: /bin/sh -n %s\\n.*Syntax error`))
    expect(await snapshots()).toEqual(before)
  })

  it.each(BROKEN)('%s with bad arguments: exit 1 at load, one ERROR with file:line:col', async (name, task, msg) => {
    lp.write(`bad-${name}.yml`, `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: {msg: first}\n    - ${task}\n`)
    const run = await lp.krun(`bad-${name}.yml`)
    expect(run.code).toBe(1)
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('ERROR'))
    expect(errors).toHaveLength(1)
    const m = /^ERROR: (\S+?):(\d+):(\d+): (.*)$/.exec(errors[0] ?? '')
    expect(m?.[1]).toBe(`${lp.dir}/bad-${name}.yml`)
    expect(Number(m?.[2])).toBe(5)
    expect(Number(m?.[3])).toBeGreaterThanOrEqual(7)
    expect(m?.[4]).toMatch(msg)
    expect(results(run)).toEqual([])
  })
})
