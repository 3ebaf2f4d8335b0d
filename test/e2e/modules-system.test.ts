import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { results, byTask, changedLines, expectLoadError } from './module-results.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { recap } from './helpers.js'

/**
 * systemd, sysctl, modprobe, hostname and timezone on 2 systemd lab hosts: apply (changed),
 * apply again (ok, with each module's no-op reason), a unit restarted by its handler only when
 * its template changed, --check --diff with changed arguments (changed, the exact lines, no
 * byte or state changed on the hosts), and bad arguments refused at load with file:line.
 * Hosts share this machine's kernel: sysctl uses a net.* key only (per network namespace), and
 * modprobe never loads anything: overlay is already in this kernel, only its files are managed.
 */
let lp: LabProject
let hosts: string[]

const UNIT = '/etc/systemd/system/krun-sleep.service'
const FILES = [UNIT, '/etc/sysctl.d/99-krun.conf', '/etc/modules-load.d/overlay.conf', '/etc/modprobe.d/overlay.conf', '/etc/hostname', '/etc/timezone']

const TEMPLATE = `[Unit]
Description=krun test sleeper ({{ note }})

[Service]
ExecStart=/bin/sleep infinity

[Install]
WantedBy=multi-user.target
`

const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars:
    note: one
    fwd: 1
    persist: present
    host_prefix: krun
    tz: Europe/Paris
    unit_state: started
    unit_enabled: true
  tasks:
    - name: Unit file
      template: {src: krun-sleep.service.j2, dest: ${UNIT}}
      notify: restart sleeper
    - name: Sleeper running
      systemd: {name: krun-sleep, daemon_reload: true, enabled: '{{ unit_enabled }}', state: '{{ unit_state }}'}
    - name: Forwarding
      sysctl: {name: net.ipv4.ip_forward, value: '{{ fwd }}'}
    - name: Overlay at boot (already in this kernel, nothing is loaded)
      modprobe: {name: overlay, persistent: '{{ persist }}', params: redirect_dir=on}
    - name: Hostname
      hostname: {name: '{{ host_prefix }}-{{ inventory_hostname }}'}
    - name: Time zone
      timezone: {name: '{{ tz }}'}
  handlers:
    - name: restart sleeper
      systemd: {name: krun-sleep, state: restarted}
`
const TASKS = ['Unit file', 'Sleeper running', 'Forwarding', 'Overlay at boot (already in this kernel, nothing is loaded)', 'Hostname', 'Time zone']

/** Files (size, mode, mtime, hash) and live state: "nothing changed" made checkable. */
const SNAPSHOT = [
  `stat -c '%n %s %a %Y' ${FILES.join(' ')}`, `sha256sum ${FILES.join(' ')}`, 'readlink /etc/localtime', 'uname -n',
  'cat /proc/sys/net/ipv4/ip_forward', 'systemctl is-active krun-sleep', 'systemctl is-enabled krun-sleep', 'systemctl show -p InvocationID,NeedDaemonReload krun-sleep',
].join('; ')

const invocation = (h: string): Promise<string> => lp.onHost(h, 'systemctl show -p InvocationID --value krun-sleep')
const machineForwarding = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')

beforeAll(async () => {
  lp = await startLabProject({ name: 'm-system', hosts: 2 })
  hosts = lp.lab.hosts.map((h) => h.name)
  lp.write('templates/krun-sleep.service.j2', TEMPLATE)
  lp.write('system.yml', PLAYBOOK)
}, 300_000)

afterAll(async () => {
  await lp?.stop()
})

describe('system modules on lab hosts', () => {
  it('apply: the unit templated, daemon-reloaded, enabled and started; forwarding on; names, zone and module files set', async () => {
    const run = await lp.krun('system.yml')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(byTask(run, h, 'status')).toEqual({ ...Object.fromEntries(TASKS.map((t) => [t, 'changed'])), 'restart sleeper': 'changed' })
    for (const h of hosts) {
      expect(await lp.onHost(h, 'systemctl is-active krun-sleep; systemctl is-enabled krun-sleep')).toBe('active\nenabled\n')
      expect(await lp.onHost(h, 'cat /proc/sys/net/ipv4/ip_forward /etc/sysctl.d/99-krun.conf')).toBe('1\nnet.ipv4.ip_forward=1\n')
      expect(await lp.onHost(h, 'cat /etc/modules-load.d/overlay.conf /etc/modprobe.d/overlay.conf')).toBe('overlay\noptions overlay redirect_dir=on\n')
      expect(await lp.onHost(h, 'uname -n; cat /etc/hostname; hostnamectl --static')).toBe(`krun-${h}\n`.repeat(3))
      expect(await lp.onHost(h, 'readlink /etc/localtime; cat /etc/timezone; date +%Z')).toMatch(/^\.\.\/usr\/share\/zoneinfo\/Europe\/Paris\nEurope\/Paris\nCES?T\n$/)
    }
    // net.* is per network namespace: this machine's own value is untouched
    expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe(machineForwarding)
  })

  it('apply again: nothing changes, each module says why, the handler does not restart the unit', async () => {
    const ids = await Promise.all(hosts.map(invocation))
    const run = await lp.krun('system.yml')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 0, ok: TASKS.length })
    expect(byTask(run, hosts[1]!, 'msg')).toEqual({
      'Unit file': 'content and attributes match',
      'Sleeper running': 'krun-sleep.service is started, enabled (no unit file changed: daemon-reload not needed)',
      Forwarding: 'net.ipv4.ip_forward=1 in /etc/sysctl.d/99-krun.conf and live',
      'Overlay at boot (already in this kernel, nothing is loaded)': 'overlay is loaded (built into the kernel); persistent in /etc/modules-load.d/overlay.conf, options redirect_dir=on',
      Hostname: `hostname is krun-${hosts[1]} (running and in /etc/hostname)`,
      'Time zone': 'time zone is Europe/Paris',
    })
    expect(await Promise.all(hosts.map(invocation))).toEqual(ids)
  })

  it('a changed template: the unit task reloads systemd, the handler restarts the unit once', async () => {
    const ids = await Promise.all(hosts.map(invocation))
    const run = await lp.krun('system.yml', '-e', 'note=two')
    expect(run.code).toBe(0)
    for (const h of hosts) {
      expect(results(run, 'changed').filter((e) => e.host === h).map((e) => e.task)).toEqual(['Unit file', 'Sleeper running', 'restart sleeper'])
      expect(byTask(run, h, 'msg')['Sleeper running']).toBe('daemon-reload: the unit file of krun-sleep.service changed on disk')
    }
    const restarted = await Promise.all(hosts.map(invocation))
    restarted.forEach((id, i) => expect(id).not.toBe(ids[i]))
    for (const h of hosts) expect(await lp.onHost(h, 'systemctl show -p NeedDaemonReload,Description krun-sleep')).toBe('Description=krun test sleeper (two)\nNeedDaemonReload=no\n')
    const again = await lp.krun('system.yml', '-e', 'note=two')
    for (const h of hosts) expect(recap(again)[h]).toMatchObject({ changed: 0 })
    expect(await Promise.all(hosts.map(invocation))).toEqual(restarted)
  })

  it('--check --diff with changed arguments: changed, exactly the lines that change, no byte or state changed', async () => {
    const before = await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))
    const run = await lp.krun('system.yml', '--check', '--diff', '-e', 'note=two fwd=0 persist=absent host_prefix=web tz=Asia/Tokyo unit_state=stopped unit_enabled=false')
    expect(run.code).toBe(0)
    expect(await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))).toEqual(before)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: TASKS.length - 1, ok: TASKS.length })
    const h = hosts[0]!
    const diffs = Object.fromEntries(results(run, 'changed').filter((e) => e.host === h).map((e) => [e.task, changedLines(e)]))
    expect(diffs).toEqual({
      'Sleeper running': ['-state: started', '-enabled: true', '+state: stopped', '+enabled: false'],
      Forwarding: ['-net.ipv4.ip_forward=1', '+net.ipv4.ip_forward=0', '-value: 1', '+value: 0'],
      'Overlay at boot (already in this kernel, nothing is loaded)': ['-overlay', '+#overlay', '-options overlay redirect_dir=on', '+#options overlay redirect_dir=on'],
      Hostname: [`-krun-${h}`, `+web-${h}`, `-running: krun-${h}`, `+running: web-${h}`],
      'Time zone': ['-src: ../usr/share/zoneinfo/Europe/Paris', '+src: ../usr/share/zoneinfo/Asia/Tokyo', '-Europe/Paris', '+Asia/Tokyo'],
    })
  })

  it.each([
    ['systemd', '    - systemd: {name: krun-sleep, state: running}\n', /systemd: argument 'state' must be one of started, stopped, restarted, reloaded/],
    ['sysctl', '    - sysctl: {name: net.ipv4.ip_forward}\n', /sysctl: missing required argument 'value' \(or 'val'\)/],
    ['modprobe', '    - modprobe: {name: overlay, state: absent, persistent: present}\n', /modprobe: argument 'persistent' must be one of absent, disabled/],
    ['hostname', '    - hostname: {nmae: web1}\n', /hostname: unknown argument 'nmae' \(did you mean 'name'\?\)/],
    ['timezone', '    - timezone: {name: Europe/Paris, hwclock: utc0}\n', /timezone: argument 'hwclock' must be one of/],
  ])('%s with bad arguments: exit 1 at load, one ERROR with file:line', (name, task, msg) => expectLoadError(lp, name, task, msg))
})
