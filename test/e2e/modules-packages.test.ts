import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { results, byTask, changedLines, expectLoadError } from './module-results.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { recap, type Run } from './helpers.js'
import { writeRepo } from './packages-repo.js'

/**
 * apt, package, group, user and authorized_key on 2 systemd lab hosts (no internet: apt reads a
 * flat repository of .debs built here with dpkg-deb and copied to the hosts by krun itself).
 * Apply (changed), again (ok, with each module's no-op reason), --check --diff with changed
 * arguments (changed, exactly the lines, host state identical), state=latest after a new
 * version lands in the repository, a local .deb, purge, and bad arguments refused at load.
 * dnf runs on a real dnf in modules-dnf.test.ts (an RPM repository built with rpmbuild).
 */
let lp: LabProject
let hosts: string[]
let keys: string[]

const HASH1 = '$6$krunsalt1$cAk/a60H5em1IyDEJlnVwQ7gMjMZdn0SjyqyTCElciTg/6I3aWi2Z0s35yIi52nDajLYdXwPfH2IUTyBXnKxM0'
const HASH2 = '$6$krunsalt2$j934UJTiZMRpSAq4pcJFjixntPll6mv2LSvtOusJl5MYiDBhOqlT2GbkMwCC/J8VYJB7IjQcI7ClhHyg9j0yx1'
const KEYFILE = '/home/krunuser/.ssh/authorized_keys'
const DEMO = (version: string): { name: string; version: string } => ({ name: 'krun-demo', version })
const TOOL = { name: 'krun-tool', version: '1.0' }

const SETUP = `- hosts: all
  gather_facts: false
  tasks:
    - {name: Local repository, copy: {src: repo/, dest: /srv/repo/, mode: '0644'}}
    - {name: Only the local source, copy: {content: "deb [trusted=yes] file:/srv/repo ./\\n", dest: /etc/apt/sources.list.d/local.list}}
    - {name: No network source, copy: {content: "", dest: /etc/apt/sources.list}}
    - {name: apt never waits, copy: {content: "Acquire::Retries \\"0\\";\\n", dest: /etc/apt/apt.conf.d/99krun-test}}
    - name: Package lists look old
      shell: rm -f /var/lib/apt/periodic/update-success-stamp && touch -d @1000000000 /var/lib/apt/lists
`
const site = (k: string[]): string => `- hosts: all
  gather_facts: false
  tasks:
    - {name: Demo package, apt: {name: krun-demo, update_cache: yes, cache_valid_time: 3600}}
    - {name: Tool package, package: {name: krun-tool}}
    - {name: Group, group: {name: krungrp, gid: 2345}}
    - name: User
      user: {name: krunuser, uid: 2345, group: krungrp, groups: [users], shell: /bin/sh, comment: Krun User, password: '${HASH1}'}
    - name: Keys
      authorized_key:
        user: krunuser
        key: |
${k.map((x) => `          ${x}`).join('\n')}
`
const TASKS = ['Demo package', 'Tool package', 'Group', 'User', 'Keys']
const CHANGED_ARGS = (k: string): string => `- hosts: all
  gather_facts: false
  tasks:
    - {name: Demo package, apt: {name: krun-demo, state: absent}}
    - {name: Group, group: {name: krungrp, gid: 2346}}
    - {name: User, user: {name: krunuser, shell: /bin/bash, password: '${HASH2}'}}
    - {name: Keys, authorized_key: {user: krunuser, key: '${k}'}}
`
const play = (...tasks: string[]): string => `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks.map((t) => `    - ${t}\n`).join('')}`

/** Package, account and key-file state: "nothing changed" made checkable. */
const SNAPSHOT = [
  "dpkg-query -W -f='${Package} ${Status} ${Version}\\n' krun-demo krun-tool", 'getent group krungrp', 'getent passwd krunuser', 'getent shadow krunuser',
  'id -Gn krunuser', `stat -c '%n %a %U %G %Y' /home/krunuser/.ssh ${KEYFILE}`, `sha256sum ${KEYFILE} /var/lib/dpkg/status`,
].join('; ')
const installed = (h: string): Promise<string> => lp.onHost(h, "dpkg-query -W -f='${Package} ${Version}\\n' krun-demo krun-tool 2>/dev/null; cat /usr/share/krun-demo/VERSION 2>/dev/null; true")

const statuses = (run: Run, h: string, status: string, tasks: string[]): void => expect(byTask(run, h, 'status')).toEqual(Object.fromEntries(tasks.map((t) => [t, status])))

beforeAll(async () => {
  lp = await startLabProject({ name: 'm-packages', hosts: 2 })
  hosts = lp.lab.hosts.map((h) => h.name)
  const kdir = mkdtempSync(join(tmpdir(), 'krun-keys-'))
  keys = ['a', 'b', 'c'].map((n) => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${n}@krun`, '-f', join(kdir, n)])
    return readFileSync(join(kdir, `${n}.pub`), 'utf8').trim()
  })
  rmSync(kdir, { recursive: true, force: true })
  mkdirSync(join(lp.dir, 'repo'))
  writeRepo(join(lp.dir, 'repo'), [DEMO('1.0'), TOOL])
  lp.write('setup.yml', SETUP)
  const setup = await lp.krun('setup.yml')
  expect(setup.code, setup.stdout + setup.stderr).toBe(0)
  lp.write('site.yml', site(keys.slice(0, 2)))
}, 300_000)

afterAll(async () => {
  await lp?.stop()
})

describe('package and account modules on lab hosts', () => {
  it('apply: cache updated and packages installed, group, user (with its password) and keys made', async () => {
    const run = await lp.krun('site.yml')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain(HASH1)
    for (const h of hosts) {
      statuses(run, h, 'changed', TASKS)
      expect(await installed(h)).toBe('krun-demo 1.0\nkrun-tool 1.0\n1.0\n')
      expect(await lp.onHost(h, 'getent group krungrp; getent passwd krunuser; id -Gn krunuser; getent shadow krunuser | cut -d: -f2')).toBe(
        `krungrp:x:2345:\nkrunuser:x:2345:2345:Krun User:/home/krunuser:/bin/sh\nkrungrp users\n${HASH1}\n`,
      )
      expect(await lp.onHost(h, `cat ${KEYFILE}; stat -c '%a %U %G' /home/krunuser/.ssh ${KEYFILE}`)).toBe(`${keys[0]}\n${keys[1]}\n700 krunuser krungrp\n600 krunuser krungrp\n`)
    }
  })

  it('apply again: nothing changes and each module says why', async () => {
    const run = await lp.krun('site.yml')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 0, ok: TASKS.length })
    expect(byTask(run, hosts[1]!, 'msg')).toEqual({
      'Demo package': 'krun-demo 1.0 is installed',
      'Tool package': 'krun-tool 1.0 is installed',
      Group: 'group krungrp (gid 2345) is present',
      User: 'user krunuser (uid 2345) is present, attributes match',
      Keys: `all 2 keys are in ${KEYFILE}`,
    })
  })

  it('--check --diff with changed arguments: changed, exactly the lines that change, nothing changed on the hosts', async () => {
    lp.write('changed.yml', CHANGED_ARGS(keys[2]!))
    const before = await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))
    const run = await lp.krun('changed.yml', '--check', '--diff')
    expect(run.code).toBe(0)
    expect(await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))).toEqual(before)
    expect(run.stdout).not.toContain(HASH2)
    for (const h of hosts) statuses(run, h, 'changed', ['Demo package', 'Group', 'User', 'Keys'])
    const diffs = Object.fromEntries(results(run).filter((e) => e.host === hosts[0]).map((e) => [e.task, changedLines(e)]))
    expect(diffs).toEqual({
      'Demo package': ['-krun-demo 1.0'],
      Group: ['-gid: 2345', '+gid: 2346'],
      User: ['-shell: /bin/sh', '-password: (hidden)', '+shell: /bin/bash', '+password: (hidden), changed'],
      Keys: [`+${keys[2]}`],
    })
  })

  it('state=latest: a new version in the repository is installed after the cache update, then ok', async () => {
    writeRepo(join(lp.dir, 'repo'), [DEMO('1.0'), DEMO('1.1'), TOOL])
    expect((await lp.krun('setup.yml')).code).toBe(0)
    lp.write('latest.yml', play('{name: Newest demo, apt: {name: krun-demo, state: latest, update_cache: yes, cache_valid_time: 3600}}'))
    const run = await lp.krun('latest.yml')
    expect(run.code).toBe(0)
    for (const h of hosts) {
      expect(byTask(run, h, 'msg')).toEqual({ 'Newest demo': 'update the package cache; install the newest krun-demo' })
      expect(await installed(h)).toBe('krun-demo 1.1\nkrun-tool 1.0\n1.1\n')
    }
    const again = await lp.krun('latest.yml')
    for (const h of hosts) expect(byTask(again, h, 'msg')['Newest demo']).toMatch(/^krun-demo 1\.1 is installed, the newest version available \(package cache updated \d+ s ago\)$/)
    // without cache_valid_time the cache is updated every run; finding nothing newer is no change, finding 1.2 is
    lp.write('always.yml', play('{name: Newest demo, apt: {name: krun-demo, state: latest, update_cache: yes}}'))
    const ok = await lp.krun('always.yml')
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    for (const h of hosts) expect(byTask(ok, h, 'status')).toEqual({ 'Newest demo': 'ok' })
    expect(byTask(ok, hosts[0]!, 'msg')).toEqual({ 'Newest demo': 'krun-demo 1.1 is installed, the newest version available (package cache updated now)' })
    writeRepo(join(lp.dir, 'repo'), [DEMO('1.0'), DEMO('1.1'), DEMO('1.2'), TOOL])
    expect((await lp.krun('setup.yml')).code).toBe(0)
    const newer = await lp.krun('always.yml')
    for (const h of hosts) {
      expect(byTask(newer, h, 'status')).toEqual({ 'Newest demo': 'changed' })
      expect(await installed(h)).toBe('krun-demo 1.2\nkrun-tool 1.0\n1.2\n')
    }
  })

  it('a local .deb (a downgrade, allowed), then purge of both packages; each again is ok', async () => {
    lp.write('deb.yml', play('{name: Old demo, apt: {deb: /srv/repo/krun-demo_1.0_all.deb, allow_downgrade: yes}}'))
    const run = await lp.krun('deb.yml')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(await installed(h)).toBe('krun-demo 1.0\nkrun-tool 1.0\n1.0\n')
    expect(byTask(await lp.krun('deb.yml'), hosts[0]!, 'msg')).toEqual({ 'Old demo': 'krun-demo 1.0 is installed (/srv/repo/krun-demo_1.0_all.deb)' })
    lp.write('purge.yml', play('{name: Purge, apt: {name: [krun-demo, krun-tool], state: absent, purge: yes}}'))
    const purge = await lp.krun('purge.yml')
    expect(purge.code).toBe(0)
    for (const h of hosts) expect(byTask(purge, h, 'status')).toEqual({ Purge: 'changed' })
    for (const h of hosts) expect(await installed(h)).toBe('')
    expect(byTask(await lp.krun('purge.yml'), hosts[0]!, 'msg')).toEqual({ Purge: '2 packages are not installed: krun-demo, krun-tool' })
  })

  it.each([
    ['apt', '    - apt: {name: krun-demo, state: installd}\n', /apt: argument 'state' must be one of present, installed, absent, removed, latest/],
    ['package', '    - package: {state: present}\n', /package: missing required argument 'name'/],
    ['dnf', '    - dnf: {name: curl, enablerepo: epel}\n', /dnf: unknown argument 'enablerepo'/],
    ['user', '    - user: {name: krunuser, shel: /bin/sh}\n', /user: unknown argument 'shel' \(did you mean 'shell'\?\)/],
    ['group', '    - group: {name: krungrp, gid: [1]}\n', /group: argument 'gid' must be integer or string/],
    ['authorized_key', '    - authorized_key: {user: krunuser}\n', /authorized_key: missing required argument 'key'/],
  ])('%s with bad arguments: exit 1 at load, one ERROR with file:line', (name, task, msg) => expectLoadError(lp, name, task, msg))
})
