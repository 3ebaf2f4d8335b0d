/**
 * `krun lab` with systemd hosts: up gives booted hosts (own hostname, systemd running, no
 * python) reachable over ssh with the lab's inventory; down leaves nothing behind.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshConnection } from '../../src/connection/ssh.js'
import { resolveSshTarget } from '../../src/connection/ssh-target.js'
import { labDown, labStatus, labUp, type LabInfo } from '../../src/lab/index.js'

const LAB = 'e2e-life'
let lab: LabInfo
let bootMs = 0
const before = { netns: [] as string[], links: [] as string[], mounts: [] as string[] }
let netnsInodes: number[] = []

const netnsList = (): string[] => execFileSync('ip', ['netns', 'list']).toString().split('\n').map((l) => l.split(' ')[0]!).filter(Boolean).sort()
const linkList = (): string[] => readdirSync('/sys/class/net').sort()
const mountList = (): string[] => readFileSync('/proc/self/mounts', 'utf8').split('\n').filter(Boolean).sort()

/** Processes (not zombies) inside a lab namespace, rooted in the lab dir, or naming it. */
function labProcesses(dir: string, inodes: number[]): string[] {
  const out: string[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) continue
      const net = readlinkSync(`/proc/${pid}/ns/net`)
      const root = readlinkSync(`/proc/${pid}/root`)
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      if (inodes.some((i) => net === `net:[${i}]`) || root.startsWith(dir) || cmd.includes(dir)) out.push(`${pid} ${cmd}`)
    } catch {
      // exited while we looked
    }
  }
  return out
}

beforeAll(async () => {
  await labDown(LAB)
  before.netns = netnsList()
  before.links = linkList()
  before.mounts = mountList()
  // First run on a machine builds the base tree (about a minute); later runs reuse it.
  await labUp({ name: `${LAB}-warm`, hosts: 1 }).then(() => labDown(`${LAB}-warm`))
  const t0 = Date.now()
  lab = await labUp({ name: LAB, hosts: 3 })
  bootMs = Date.now() - t0
  console.log(`3 systemd hosts up (sshd answering) in ${bootMs} ms`)
  netnsInodes = lab.hosts.map((h) => statSync(`/run/netns/krun-${LAB}-${h.name}`).ino)
})

afterAll(async () => {
  await labDown(LAB)
  await labDown(`${LAB}-warm`)
})

describe('lab up (systemd hosts)', () => {
  it('boots 3 hosts that answer ssh with their own hostname, systemd running, no python', async () => {
    expect(lab.hosts.map((h) => h.kind)).toEqual(['systemd', 'systemd', 'systemd'])
    const ini = readFileSync(lab.inventoryPath, 'utf8')
    for (const h of lab.hosts) {
      expect(ini).toContain(`${h.name} ansible_host=${h.address}`)
      const t = resolveSshTarget(h.name, { ansible_host: h.address, ansible_user: 'root', ansible_ssh_private_key_file: lab.keyPath, krun_ssh_known_hosts_file: lab.knownHostsPath }, {}, { blocks: [] })
      const c = new SshConnection(t)
      try {
        expect((await c.exec('hostname')).stdout).toBe(`${h.name}\n`)
        const state = (await c.exec('systemctl is-system-running --wait', { timeoutMs: 60_000 })).stdout.trim()
        expect(['running', 'degraded']).toContain(state)
        expect((await c.exec('command -v python3')).rc).not.toBe(0)
      } finally {
        await c.close()
      }
    }
  })

  it('lists the lab as running in status', async () => {
    const s = (await labStatus()).find((l) => l.name === LAB)
    expect(s?.hosts.map((h) => `${h.name}:${h.state}:${h.ssh}`)).toEqual(['node1:running:true', 'node2:running:true', 'node3:running:true'])
  })

  it('returns the running lab for the same shape and refuses another shape', async () => {
    expect(await labUp({ name: LAB, hosts: 3 })).toEqual(lab)
    await expect(labUp({ name: LAB, hosts: 2 })).rejects.toMatchObject({ code: 'E_LAB_EXISTS' })
  })
})

describe('lab down', () => {
  it('leaves no namespace, link, mount or process of the lab', async () => {
    expect(labProcesses(lab.dir, netnsInodes).length).toBeGreaterThan(3)
    expect(await labDown(LAB)).toBe(true)
    expect(netnsList().filter((n) => n.startsWith(`krun-${LAB}-`))).toEqual([])
    // Other sessions may add their own: compare what is ours.
    expect(netnsList().filter((n) => !before.netns.includes(n) && n.includes(LAB))).toEqual([])
    expect(linkList().filter((l) => !before.links.includes(l) && /^(krbr-|kv)/.test(l))).toEqual([])
    expect(mountList().filter((m) => !before.mounts.includes(m) && m.includes('krun-lab'))).toEqual([])
    expect(labProcesses(lab.dir, netnsInodes)).toEqual([])
    expect((await labStatus()).map((l) => l.name)).not.toContain(LAB)
    expect(await labDown(LAB)).toBe(false)
  })
})
