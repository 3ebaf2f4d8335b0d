import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { results, byTask, changedLines, expectLoadError } from './module-results.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { recap, type Run } from './helpers.js'
import type { DemoPackage } from './packages-repo.js'
import { writeRpmRepo } from './rpm-repo.js'

/**
 * dnf on 2 systemd lab hosts with Debian's dnf 4 and rpm 4.18 (no internet: dnf reads one
 * file:// repository of noarch RPMs built here with rpmbuild and createrepo_c, copied to the
 * hosts by krun itself). Install (changed), again (ok, with the no-op reason), --check --diff
 * with changed arguments (changed, exactly the lines, rpm database and metadata identical),
 * state=latest with and without a metadata refresh and with no cached metadata at all,
 * removal, a package the repository lacks, and bad arguments refused at load.
 */
let lp: LabProject
let hosts: string[]

const DEMO = (version: string): DemoPackage => ({ name: 'krun-rpmdemo', version })
const TOOL = (version: string): DemoPackage => ({ name: 'krun-rpmtool', version })

// dnf.conf as a Red Hat host has it (Debian's skips unavailable repositories), and no
// other repository than ours, so dnf never reaches for the network
const SETUP = `- hosts: all
  gather_facts: false
  tasks:
    - {name: Local repository, copy: {src: rpmrepo/, dest: /srv/rpmrepo/, mode: '0644'}}
    - {name: Repository directory, file: {path: /etc/yum.repos.d, state: directory}}
    - {name: Only the local repository, copy: {content: "[krun]\\nname=krun tests\\nbaseurl=file:///srv/rpmrepo\\ngpgcheck=0\\n", dest: /etc/yum.repos.d/krun.repo}}
    - name: dnf as on a Red Hat host
      copy: {content: "[main]\\ngpgcheck=True\\ninstallonly_limit=3\\nclean_requirements_on_remove=True\\nbest=True\\nskip_if_unavailable=False\\nreposdir=/etc/yum.repos.d\\n", dest: /etc/dnf/dnf.conf}
`
const SITE = `- hosts: all
  gather_facts: false
  tasks:
    - {name: Demo package, dnf: {name: krun-rpmdemo}}
    - {name: Tool package, dnf: {name: krun-rpmtool, state: installed, update_cache: yes}}
`
const CHANGED_ARGS = `- hosts: all
  gather_facts: false
  tasks:
    - {name: Demo package, dnf: {name: krun-rpmdemo, state: absent}}
    - {name: Tool package, ansible.builtin.dnf: {name: krun-rpmtool, state: latest, update_cache: yes}}
`
const play = (...tasks: string[]): string => `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks.map((t) => `    - ${t}\n`).join('')}`

/** Installed packages, the rpm database and the cached metadata: "nothing changed" made checkable. */
const SNAPSHOT = [
  "rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\\n' | sort",
  'sha256sum "$(rpm --eval %_dbpath)/rpmdb.sqlite"',
  "find /var/cache/dnf -path '*/repodata/*' -type f | sort | xargs -r sha256sum",
  'cat /usr/share/krun-rpm*/VERSION 2>/dev/null; true',
].join('; ')
const installed = (h: string): Promise<string> => lp.onHost(h, 'rpm -q krun-rpmdemo krun-rpmtool; cat /usr/share/krun-rpmdemo/VERSION /usr/share/krun-rpmtool/VERSION 2>/dev/null; true')
const rpmq = (demo: string | null, tool: string | null): string =>
  [demo ? `krun-rpmdemo-${demo}-1.noarch` : 'package krun-rpmdemo is not installed', tool ? `krun-rpmtool-${tool}-1.noarch` : 'package krun-rpmtool is not installed', demo, tool]
    .filter((l) => l !== null)
    .map((l) => `${l}\n`)
    .join('')

/** Writes the repository (rpmbuild + createrepo_c here) and copies it to the hosts with krun. */
async function publish(...pkgs: DemoPackage[]): Promise<void> {
  writeRpmRepo(join(lp.dir, 'rpmrepo'), pkgs)
  const run = await lp.krun('setup.yml')
  expect(run.code, run.stdout + run.stderr).toBe(0)
}
const statuses = (run: Run, status: string): void => {
  for (const h of hosts) for (const s of Object.values(byTask(run, h, 'status'))) expect(s, h).toBe(status)
}
/** Runs a playbook twice: the first run as `first` says, the second changes nothing and says `noop`. */
async function twice(file: string, first: (run: Run) => Promise<void>, noop: Record<string, string>): Promise<void> {
  const run = await lp.krun(file)
  expect(run.code, run.stdout + run.stderr).toBe(0)
  await first(run)
  const again = await lp.krun(file)
  expect(again.code).toBe(0)
  for (const h of hosts) {
    expect(recap(again)[h]).toMatchObject({ changed: 0, failed: 0 })
    expect(byTask(again, h, 'msg')).toEqual(noop)
  }
}

beforeAll(async () => {
  lp = await startLabProject({ name: 'm-dnf', hosts: 2, packages: ['dnf', 'rpm'] })
  hosts = lp.lab.hosts.map((h) => h.name)
  mkdirSync(join(lp.dir, 'rpmrepo'))
  lp.write('setup.yml', SETUP)
  await publish(DEMO('1.0'), TOOL('1.0'))
  lp.write('site.yml', SITE)
}, 300_000)

afterAll(async () => {
  await lp?.stop()
})

describe('dnf on lab hosts', () => {
  it('apply: both packages installed (the second after a metadata refresh), then ok with the reason', async () => {
    await twice('site.yml', async (run) => {
      statuses(run, 'changed')
      expect(byTask(run, hosts[0]!, 'msg')).toEqual({ 'Demo package': 'install krun-rpmdemo', 'Tool package': 'update the package metadata; install krun-rpmtool' })
      for (const h of hosts) expect(await installed(h)).toBe(rpmq('1.0', '1.0'))
    }, { 'Demo package': 'krun-rpmdemo 1.0-1 is installed', 'Tool package': 'krun-rpmtool 1.0-1 is installed' })
  })

  it('--check --diff with changed arguments: changed, exactly the lines, nothing changed on the hosts', async () => {
    lp.write('changed.yml', CHANGED_ARGS)
    const before = await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))
    expect(before[0]).toContain('krun-rpmdemo 1.0-1\nkrun-rpmtool 1.0-1\n')
    expect(before[0]).toMatch(/\/repodata\/repomd\.xml\n/)
    for (let i = 0; i < 2; i++) {
      const run = await lp.krun('changed.yml', '--check', '--diff')
      expect(run.code).toBe(0)
      statuses(run, 'changed')
      expect(await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))).toEqual(before)
      const diffs = Object.fromEntries(results(run).filter((e) => e.host === hosts[1]).map((e) => [e.task, changedLines(e)]))
      expect(diffs).toEqual({ 'Demo package': ['-krun-rpmdemo 1.0-1'], 'Tool package': ['-metadata: cached', '+metadata: refreshed'] })
    }
  })

  it('state=latest: a refresh finds 1.1 and upgrades; then the local metadata drives latest, twice', async () => {
    await publish(DEMO('1.0'), DEMO('1.1'), TOOL('1.0'), TOOL('1.1'))
    lp.write('refresh.yml', play('{name: Newest demo, dnf: {name: krun-rpmdemo, state: latest, update_cache: yes}}'))
    const run = await lp.krun('refresh.yml')
    expect(run.code, run.stdout + run.stderr).toBe(0)
    for (const h of hosts) {
      expect(byTask(run, h, 'msg')).toEqual({ 'Newest demo': 'update the package metadata; upgrade krun-rpmdemo' })
      expect(await installed(h)).toBe(rpmq('1.1', '1.0'))
    }
    // again: the metadata is refreshed, nothing newer is found, and that is no change (as in Ansible)
    const again = await lp.krun('refresh.yml')
    for (const h of hosts) {
      expect(byTask(again, h, 'status')).toEqual({ 'Newest demo': 'ok' })
      expect(byTask(again, h, 'msg')).toEqual({ 'Newest demo': 'krun-rpmdemo 1.1-1 is installed, the newest version available (metadata refreshed)' })
    }
    lp.write('latest.yml', play('{name: Newest, dnf: {name: [krun-rpmdemo, krun-rpmtool], state: latest}}'))
    const check = await lp.krun('latest.yml', '--check', '--diff')
    expect(results(check).map(changedLines)).toEqual(hosts.map(() => ['-krun-rpmtool 1.0-1', '+krun-rpmtool 1.1-1']))
    await twice('latest.yml', async (r) => {
      for (const h of hosts) expect(byTask(r, h, 'msg')).toEqual({ Newest: 'upgrade krun-rpmtool' })
      for (const h of hosts) expect(await installed(h)).toBe(rpmq('1.1', '1.1'))
    }, { Newest: '2 packages are installed, the newest versions available: krun-rpmdemo 1.1-1, krun-rpmtool 1.1-1' })
  })

  it('state=latest with no cached metadata (after dnf clean all): dnf is left to decide, and upgrades', async () => {
    await publish(DEMO('1.0'), DEMO('1.1'), DEMO('1.2'), TOOL('1.0'), TOOL('1.1'))
    await Promise.all(hosts.map((h) => lp.onHost(h, 'dnf -q clean all')))
    lp.write('nocache.yml', play('{name: Newest demo, dnf: {name: krun-rpmdemo, state: latest}}'))
    const before = await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))
    expect(before[0]).not.toContain('repomd.xml')
    const check = await lp.krun('nocache.yml', '--check', '--diff')
    expect(results(check).map(changedLines)).toEqual(hosts.map(() => ['-metadata: none cached', '+metadata: downloaded']))
    expect(await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))).toEqual(before)
    await twice('nocache.yml', async (run) => {
      for (const h of hosts) expect(byTask(run, h, 'msg')).toEqual({ 'Newest demo': 'upgrade krun-rpmdemo (no cached metadata: dnf decides)' })
      for (const h of hosts) expect(await installed(h)).toBe(rpmq('1.2', '1.1'))
    }, { 'Newest demo': 'krun-rpmdemo 1.2-1 is installed, the newest version available' })
  })

  it('a package the repository lacks fails with what dnf said; on every host', async () => {
    lp.write('missing.yml', play('{name: Missing, dnf: {name: [krun-rpmdemo, krun-nosuch]}}'))
    const run = await lp.krun('missing.yml')
    expect(run.code).toBe(2)
    for (const h of hosts) expect(byTask(run, h, 'status')).toEqual({ Missing: 'failed' })
    expect(String(byTask(run, hosts[0]!, 'msg').Missing)).toMatch(/dnf -y -q install krun-nosuch[\s\S]*Unable to find a match: krun-nosuch/)
  })

  it('absent: both removed, files gone; again ok', async () => {
    lp.write('absent.yml', play('{name: Remove, dnf: {name: "krun-rpmdemo, krun-rpmtool", state: removed}}'))
    await twice('absent.yml', async (run) => {
      statuses(run, 'changed')
      for (const h of hosts) expect(await installed(h)).toBe(rpmq(null, null))
    }, { Remove: '2 packages are not installed: krun-rpmdemo, krun-rpmtool' })
  })

  it.each([
    ['state', '    - dnf: {name: krun-rpmdemo, state: bogus}\n', /dnf: argument 'state' must be one of present, installed, absent, removed, latest/],
    ['unknown', '    - dnf: {name: krun-rpmdemo, enablerepo: krun}\n', /dnf: unknown argument 'enablerepo'/],
    ['type', '    - ansible.builtin.dnf: {name: {a: 1}}\n', /dnf: argument 'name' must be string or array/],
  ])('bad arguments (%s): exit 1 at load, one ERROR with file:line', (name, task, msg) => expectLoadError(lp, `dnf-${name}`, task, msg))
})
