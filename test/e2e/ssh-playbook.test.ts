import { execFile } from 'node:child_process'
import { appendFileSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabInfo } from '../../src/lab/index.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { copyFixture, krun, listedTasks, recap, tasksRun, type Run } from './helpers.js'

/**
 * The engine's local scenario again, over SSH on 3 systemd lab hosts (no Python on them),
 * plus what real networks do: a host whose sshd is down, a connection dropped mid-play,
 * a host key that changed.
 */
const LAB = 'e2e-play'
const ROOT = '/srv/krun-e2e'
const pexec = promisify(execFile)
let lab: LabInfo
let project: string
let names: Record<string, string> // inventory name -> address

let lp: LabProject

/** Runs a command on a host with OpenSSH itself: checks do not trust krun's own transport. */
const onHost = (host: string, cmd: string): Promise<string> => lp.onHost(names[host]!, cmd)

/** sha256 of every file and mode of every entry under ROOT on each host. */
async function hostTrees(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const h of Object.keys(names)) out[h] = await onHost(h, `cd ${ROOT} 2>/dev/null && find . -printf '%p %m %s\\n' | sort && find . -type f -exec sha256sum {} + | sort`)
  return out
}

function writeInventory(file: string, extra: Record<string, string> = {}): void {
  const [a, b, c] = lab.hosts
  const line = (n: string, addr: string): string => `${n} ansible_host=${addr}${extra[n] ? ` ${extra[n]}` : ''}`
  writeFileSync(
    join(project, file),
    [
      '[web]', line('web1', a!.address), line('web2', b!.address), '', '[db]', line('db1', c!.address), '',
      '[all:vars]', 'ansible_user=root', `ansible_ssh_private_key_file=${lab.keyPath}`, `krun_ssh_known_hosts_file=${lab.knownHostsPath}`, 'app_port=8080', '',
    ].join('\n'),
  )
}

const play = (inv: string, ...args: string[]): Promise<Run> => krun(['playbooks/site.yml', '-i', inv, '-e', `root=${ROOT}`, '--json', ...args], { cwd: project })

beforeAll(async () => {
  lp = await startLabProject({ name: LAB, hosts: 3 })
  lab = lp.lab
  names = { web1: lab.hosts[0]!.address, web2: lab.hosts[1]!.address, db1: lab.hosts[2]!.address }
  project = copyFixture('project')
  writeInventory('ssh.ini')
}, 300_000)

afterAll(async () => {
  await lp?.stop()
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('the local scenario, over SSH on systemd hosts', () => {
  it('hosts have no Python: krun needs only sh and coreutils', async () => {
    await expect(onHost('web1', 'command -v python3 || command -v python')).rejects.toThrow()
  })

  it('first run applies everything; second run changes nothing', async () => {
    const first = await play('ssh.ini')
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(await onHost('web2', `cat ${ROOT}/web2/app/app.conf`)).toContain('listen = 8080')
    expect(await onHost('web1', `cat ${ROOT}/web1/app/restarts`)).toBe('restarted\n')
    expect(await onHost('db1', `cat ${ROOT}/db1/facts.txt`)).toMatch(/^kernel=\S+ groups=db\n$/)
    expect(recap(first).web1).toMatchObject({ failed: 0, rescued: 1 })
    const second = await play('ssh.ini')
    expect(second.code).toBe(0)
    for (const [host, s] of Object.entries(recap(second))) expect({ host, changed: s.changed }).toEqual({ host, changed: 0 })
    expect(await onHost('web1', `cat ${ROOT}/web1/app/restarts`)).toBe('restarted\n')
  })

  it('--check --diff after a template edit reports only that task and changes no byte on any host', async () => {
    appendFileSync(join(project, 'roles/webapp/templates/app.conf.j2'), '# tuned over ssh\n')
    const before = await hostTrees()
    const check = await play('ssh.ini', '--check', '--diff')
    expect(check.code).toBe(0)
    expect(await hostTrees()).toEqual(before)
    expect(tasksRun(check, 'changed')).toEqual(['webapp : App config'])
    expect(JSON.stringify(check.events.find((e) => e.status === 'changed')?.diffs)).toContain('+# tuned over ssh')
  })

  it('--tags runs exactly what --list-tasks printed', async () => {
    const listing = await krun(['playbooks/site.yml', '-i', 'ssh.ini', '--list-tasks', '--tags', 'users'], { cwd: project })
    const ran = await play('ssh.ini', '--tags', 'users')
    expect(ran.code).toBe(0)
    expect(tasksRun(ran).filter((t) => t !== 'Gathering Facts')).toEqual(listedTasks(listing.stdout))
  })
})

describe('parallelism', () => {
  it('a 2 s sleep on 3 hosts finishes the task in under 4 s (hosts run at once)', async () => {
    const r = await krun(['adhoc', 'all', '-i', 'ssh.ini', '-m', 'shell', '-a', 'sleep 2', '--json'], { cwd: project })
    expect(r.code).toBe(0)
    const start = r.events.find((e) => e.event === 'task_start')!.ts as number
    const end = r.events.find((e) => e.event === 'task_end')!.ts as number
    expect(r.events.filter((e) => e.event === 'host_result' && e.status === 'changed')).toHaveLength(3)
    expect(end - start).toBeGreaterThanOrEqual(2000)
    expect(end - start).toBeLessThan(4000)
  })
})

describe('faults', () => {
  const faultPlay = (inv: string, ...args: string[]): Promise<Run> => krun(['playbooks/fault.yml', '-i', inv, '--json', ...args], { cwd: project })

  beforeAll(() => {
    writeFileSync(
      join(project, 'playbooks/fault.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - name: Before
      copy: {content: "before\\n", dest: /root/fault-before}
    - name: Drop the connection
      shell: systemd-run --on-active=3 --timer-property=AccuracySec=100ms systemctl start ssh >/dev/null 2>&1; systemctl stop ssh; pkill -KILL sshd
      when: inventory_hostname == (victim | default('nobody'))
    - name: After
      copy: {content: "after\\n", dest: /root/fault-after}
`,
    )
  })

  async function waitForSsh(host: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      if (await onHost(host, 'true').then(() => true, () => false)) return
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`${host}: sshd did not come back`)
  }

  it('a host whose sshd is down is unreachable; the others complete; exit 4', async () => {
    await onHost('db1', 'rm -f /root/fault-*; systemd-run --on-active=5 --timer-property=AccuracySec=100ms systemctl start ssh >/dev/null; systemctl stop ssh')
    const r = await faultPlay('ssh.ini')
    expect(r.code).toBe(4)
    const s = recap(r)
    expect(s.db1).toMatchObject({ unreachable: 1, ok: 0 })
    expect(s.web1).toMatchObject({ unreachable: 0, failed: 0 })
    const unreachable = r.events.find((e) => e.event === 'host_result' && e.status === 'unreachable')
    expect(String(unreachable?.msg)).toMatch(/refused|unreachable|connect/i)
    expect(await onHost('web2', 'cat /root/fault-after')).toBe('after\n')
    await waitForSsh('db1')
    await expect(onHost('db1', 'cat /root/fault-before')).rejects.toThrow()
  })

  it('sshd killed mid-play: that host is unreachable, the others finish, and a rerun converges', async () => {
    await onHost('db1', 'rm -f /root/fault-*')
    const r = await faultPlay('ssh.ini', '-e', 'victim=db1')
    expect(r.code).toBe(4)
    expect(recap(r).db1!.unreachable).toBe(1)
    expect(await onHost('web1', 'cat /root/fault-after')).toBe('after\n')
    await waitForSsh('db1')
    expect(await onHost('db1', 'cat /root/fault-before')).toBe('before\n')
    await expect(onHost('db1', 'cat /root/fault-after')).rejects.toThrow()
    const rerun = await faultPlay('ssh.ini')
    expect(rerun.code).toBe(0)
    expect(recap(rerun).db1).toMatchObject({ changed: 1, failed: 0, unreachable: 0 })
    expect(await onHost('db1', 'cat /root/fault-after')).toBe('after\n')
  })

  it('a host whose key changed is refused and nothing runs there', async () => {
    await onHost('db1', 'rm -f /root/fault-*')
    const bad = join(project, 'known_hosts.changed')
    copyFileSync(lab.knownHostsPath, bad)
    // Replace db1's entries with another key of the same type.
    await pexec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(project, 'other')])
    const other = readFileSync(join(project, 'other.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
    const lines = readFileSync(bad, 'utf8').split('\n').map((l) => (l.startsWith(`${names.db1} `) && l.includes('ed25519') ? `${names.db1} ${other}` : l))
    writeFileSync(bad, lines.join('\n'))
    writeInventory('changed.ini', { db1: `krun_ssh_known_hosts_file=${bad}` })
    const r = await faultPlay('changed.ini')
    expect(r.code).toBe(4)
    const refused = r.events.find((e) => e.event === 'host_result' && e.host === 'db1')
    expect(refused?.status).toBe('unreachable')
    expect(String(refused?.msg)).toMatch(/CHANGED|changed/)
    await expect(onHost('db1', 'cat /root/fault-before')).rejects.toThrow()
    expect(recap(r).web1).toMatchObject({ unreachable: 0, failed: 0 })
  })
})
