/**
 * `krun lab status`: every lab on this machine and the state of its hosts (process alive,
 * sshd answering).
 */
import { join } from 'node:path'
import { isOurs } from './process.js'
import { listLabs, readState, type LabState } from './state.js'
import type { LabStatus } from './types.js'
import { probeSsh } from './wait.js'

/** Host states of one lab. */
export async function labHostStates(s: LabState): Promise<LabStatus['hosts']> {
  return Promise.all(
    s.hosts.map(async (h) => {
      const marker = h.kind === 'systemd' ? join(h.dir, 'root') : h.dir
      const alive = isOurs(h.pid, marker)
      return {
        name: h.name,
        address: h.address,
        kind: h.kind,
        state: alive ? ('running' as const) : ('stopped' as const),
        ssh: alive && (await probeSsh(h.address, 22, 500)),
      }
    }),
  )
}

/** All labs with state on this machine. */
export async function labStatus(): Promise<LabStatus[]> {
  const out: LabStatus[] = []
  for (const name of listLabs()) {
    const s = readState(name)
    if (!s) continue
    out.push({ name, kind: s.kind, subnet: s.subnet, hosts: await labHostStates(s) })
  }
  return out
}

/** Human-readable status lines. */
export function formatStatus(labs: readonly LabStatus[]): string {
  if (labs.length === 0) return 'no labs'
  const lines: string[] = []
  for (const l of labs) {
    const up = l.hosts.filter((h) => h.state === 'running').length
    lines.push(`${l.name}  ${l.kind}  ${l.subnet}  ${up}/${l.hosts.length} running`)
    for (const h of l.hosts) lines.push(`  ${h.name.padEnd(10)} ${h.address.padEnd(15)} ${h.state}${h.state === 'running' ? (h.ssh ? ', ssh ok' : ', ssh not answering') : ''}`)
  }
  return lines.join('\n')
}
