/**
 * `krun lab down`: stops every host and removes everything the lab made, in reverse order,
 * finding it all through the lab's state file. Safe to run on a half-made lab and twice.
 */
import { readFileSync, rmSync } from 'node:fs'
import { KrunError, errorMessage } from '../core/errors.js'
import { stopLightHost } from './light-host.js'
import { forwardRule, removeBridge, removeHostNet } from './net.js'
import { run } from './run.js'
import { checkLabName, readState, type HostState, type LabState } from './state.js'
import { stopSystemdHost } from './systemd-host.js'

async function downHost(h: HostState): Promise<void> {
  if (h.kind === 'systemd') await stopSystemdHost(h)
  else await stopLightHost(h)
  await removeHostNet(h.netns, h.veth)
}

/** Mount points under dir, deepest first. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length)
}

/** Undoes a lab. Collects failures, tries every step, then reports them together. */
export async function downState(s: LabState): Promise<void> {
  const errors: string[] = []
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
    } catch (e) {
      errors.push(`${what}: ${errorMessage(e)}`)
    }
  }
  await Promise.all(s.hosts.map((h) => attempt(`host ${h.name}`, () => downHost(h))))
  await attempt(`bridge ${s.bridge}`, () => removeBridge(s.bridge))
  if (s.forwardRule) await attempt('iptables rule', () => forwardRule(s.bridge, false))
  for (const c of s.sysctl) {
    await attempt(`sysctl ${c.key}`, async () => {
      // Restore only what is still our value: someone else may have changed it since.
      const now = (await run(['sysctl', '-n', c.key])).trim()
      if (now === c.set) await run(['sysctl', '-q', '-w', `${c.key}=${c.old}`])
    })
  }
  const left = mountsUnder(s.dir)
  if (left.length > 0) errors.push(`still mounted, lab directory kept: ${left.join(', ')}`)
  else if (errors.length === 0) rmSync(s.dir, { recursive: true, force: true })
  if (errors.length > 0) throw new KrunError('E_LAB_DOWN', `lab ${s.name} was not fully removed:\n${errors.join('\n')}`)
}

/** Stops and removes the lab `name`; nothing to do when there is no such lab. Returns whether a lab was found. */
export async function labDown(name: string): Promise<boolean> {
  checkLabName(name)
  const s = readState(name)
  if (!s) return false
  await downState(s)
  return true
}
