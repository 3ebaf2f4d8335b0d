/**
 * Lab networking: a private /24 that nothing on the machine uses, a bridge holding the
 * gateway address, and per host a network namespace joined to the bridge by a veth pair.
 * Nothing here touches an address outside the bridge it made.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { KrunError } from '../core/errors.js'
import { run, runRaw, sleep, tryRun } from './run.js'

/** An IPv4 network in use on the machine. */
export interface Net {
  addr: string
  prefix: number
}

const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0)

/** True when two IPv4 networks share any address. */
export function overlaps(a: Net, b: Net): boolean {
  const block = 2 ** (32 - Math.min(a.prefix, b.prefix))
  return Math.floor(toInt(a.addr) / block) === Math.floor(toInt(b.addr) / block)
}

/** Candidate /24s, from the private ranges, starting at a place derived from the lab name. */
export function candidateSubnets(name: string): string[] {
  const start = createHash('sha1').update(name).digest()[0]!
  const out: string[] = []
  for (const base of ['10.213', '172.29']) {
    for (let i = 0; i < 256; i++) out.push(`${base}.${(start + i) % 256}.0`)
  }
  return out
}

/** The first candidate /24 that overlaps no network in `used`. */
export function pickSubnet(name: string, used: readonly Net[]): string {
  const free = candidateSubnets(name).find((c) => !used.some((u) => overlaps({ addr: c, prefix: 24 }, u)))
  if (!free) throw new KrunError('E_LAB_NET', 'no free private /24 left for a lab bridge')
  return free
}

/** Every IPv4 network the machine has on an interface or in its routing table. */
export async function usedNetworks(): Promise<Net[]> {
  const out: Net[] = []
  const addrs = JSON.parse(await run(['ip', '-j', '-4', 'addr'])) as Array<{ addr_info?: Array<{ local: string; prefixlen: number }> }>
  for (const l of addrs) for (const a of l.addr_info ?? []) out.push({ addr: a.local, prefix: a.prefixlen })
  const routes = JSON.parse(await run(['ip', '-j', '-4', 'route', 'show', 'table', 'all'])) as Array<{ dst: string }>
  for (const r of routes) {
    const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(r.dst)
    if (m) out.push({ addr: m[1]!, prefix: m[2] ? Number(m[2]) : 32 })
  }
  return out
}

/** Short interface names (Linux allows 15 characters). */
export function linkNames(lab: string): { bridge: string; veth: (i: number) => string } {
  const id = createHash('sha1').update(lab).digest('hex').slice(0, 5)
  const bridge = `krbr-${lab}`.length <= 15 ? `krbr-${lab}` : `krbr-${id}`
  return { bridge, veth: (i) => `kv${id}-${i}` }
}

/** True when a network link of this name exists on the machine. */
export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`)
}

/** Creates the bridge with the gateway address. */
export async function createBridge(bridge: string, gateway: string): Promise<void> {
  if (linkExists(bridge)) throw new KrunError('E_LAB_NET', `network link ${bridge} already exists (another lab, or a leftover: ip link del ${bridge})`)
  await run(['ip', 'link', 'add', bridge, 'type', 'bridge'])
  await run(['ip', 'addr', 'add', `${gateway}/24`, 'dev', bridge])
  await run(['ip', 'link', 'set', bridge, 'up'])
}

/** Creates a namespace with eth0 (address/24, default route via the gateway) plugged into the bridge. */
export async function createHostNet(h: { netns: string; veth: string; address: string }, bridge: string, gateway: string): Promise<void> {
  await run(['ip', 'netns', 'add', h.netns])
  await run(['ip', 'link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.netns])
  await run(['ip', 'link', 'set', h.veth, 'master', bridge, 'up'])
  await run(['ip', '-n', h.netns, 'addr', 'add', `${h.address}/24`, 'dev', 'eth0'])
  await run(['ip', '-n', h.netns, 'link', 'set', 'eth0', 'up'])
  await run(['ip', '-n', h.netns, 'link', 'set', 'lo', 'up'])
  await run(['ip', '-n', h.netns, 'route', 'add', 'default', 'via', gateway])
}

/** Deletes a host's namespace and waits until its veth is gone (deletion is asynchronous). */
export async function removeHostNet(netns: string, veth: string): Promise<void> {
  if (existsSync(`/run/netns/${netns}`)) await tryRun(['ip', 'netns', 'del', netns])
  // A veth whose peer never moved into the namespace survives the namespace: delete it.
  for (let i = 0; i < 100 && linkExists(veth); i++) {
    if (i === 20) await tryRun(['ip', 'link', 'del', veth])
    await sleep(50)
  }
  if (linkExists(veth)) throw new KrunError('E_LAB_NET', `link ${veth} is still there after deleting namespace ${netns}`)
}

/** Deletes the bridge. */
export async function removeBridge(bridge: string): Promise<void> {
  if (linkExists(bridge)) await run(['ip', 'link', 'del', bridge])
}

/** True when iptables exists and the FORWARD policy is DROP (dockerd sets it), which cuts bridge traffic. */
export async function forwardPolicyDrops(): Promise<boolean> {
  const r = await runRaw(['iptables', '-S', 'FORWARD']).catch(() => undefined)
  return !!r && r.rc === 0 && /^-P FORWARD DROP$/m.test(r.stdout)
}

/** Adds (or removes) the ACCEPT rule for traffic within the bridge. */
export async function forwardRule(bridge: string, add: boolean): Promise<void> {
  const rule = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT']
  if (add) await run(['iptables', '-I', ...rule])
  else await tryRun(['iptables', '-D', ...rule])
}
