/**
 * The scratch project both tools run from: one ansible.cfg (krun reads the same file) and
 * an inventory of the lab's hosts. Every address is checked to lie in the lab's own subnet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LabInfo } from '../lab/index.js'
import type { BenchHost } from './ssh-pool.js'

/** A project directory wired to a lab. */
export interface BenchProject {
  dir: string
  cfgPath: string
  inventoryPath: string
  keyPath: string
  hosts: BenchHost[]
  /** A workload's playbook -> the project's own copy to run instead (the HA project: pki_dir lives beside it). */
  playbooks?: Record<string, string>
  remove(): void
}

/** Whether dotted-quad `addr` lies in `cidr` (IPv4). */
export function inSubnet(addr: string, cidr: string): boolean {
  const [net = '', bits] = cidr.split('/')
  const quad = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/
  const b = Number(bits)
  if (!quad.test(addr) || !quad.test(net) || !Number.isInteger(b) || b < 8 || b > 32) return false
  const toInt = (a: string): number => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
  const size = 2 ** (32 - b)
  return Math.floor(toInt(addr) / size) === Math.floor(toInt(net) / size)
}

/** The lab bridge's subnet (CIDR), from the lab's state file; '' when it has none. */
export function labSubnet(lab: LabInfo): string {
  return (JSON.parse(readFileSync(join(lab.dir, 'state.json'), 'utf8')) as { subnet?: string }).subnet ?? ''
}

/** The lab's hosts; throws if any address is outside the lab bridge's subnet (the bench never goes elsewhere). */
export function labHosts(lab: LabInfo): BenchHost[] {
  const subnet = labSubnet(lab)
  for (const h of lab.hosts) {
    if (!inSubnet(h.address, subnet)) throw new Error(`bench: host ${h.name} address ${h.address} is outside lab subnet '${subnet}'`)
  }
  return lab.hosts.map((h) => ({ name: h.name, address: h.address }))
}

/** ansible.cfg as Ansible's users are told to tune it; krun reads forks and host_key_checking from it. */
export function renderConfig(forks: number, inventory = 'inventory.ini'): string {
  return [
    '[defaults]',
    `inventory = ${inventory}`,
    `forks = ${forks}`,
    'host_key_checking = False',
    'gathering = explicit',
    'retry_files_enabled = False',
    'interpreter_python = /usr/bin/python3',
    'deprecation_warnings = False',
    '',
    '[ssh_connection]',
    'pipelining = True',
    'ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null',
    '',
  ].join('\n')
}

/** inventory.ini of the lab's hosts and groups (no host key file: checking is off for both tools). */
export function renderInventory(hosts: readonly BenchHost[], groups: Record<string, string[]>, keyPath: string): string {
  const addr = new Map(hosts.map((h) => [h.name, h.address]))
  const out: string[] = []
  for (const [g, names] of Object.entries(groups)) {
    out.push(`[${g}]`, ...names.map((n) => `${n} ansible_host=${addr.get(n) ?? ''}`), '')
  }
  out.push('[all:vars]', 'ansible_user=root', `ansible_ssh_private_key_file=${keyPath}`, '')
  return out.join('\n')
}

/** Writes the project for a lab into a fresh temporary directory. */
export function makeProject(lab: LabInfo): BenchProject {
  const hosts = labHosts(lab)
  const dir = mkdtempSync(join(tmpdir(), `krun-bench-${lab.name}-`))
  const cfgPath = join(dir, 'ansible.cfg')
  const inventoryPath = join(dir, 'inventory.ini')
  writeFileSync(cfgPath, renderConfig(hosts.length))
  writeFileSync(inventoryPath, renderInventory(hosts, lab.groups, lab.keyPath))
  return { dir, cfgPath, inventoryPath, keyPath: lab.keyPath, hosts, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
