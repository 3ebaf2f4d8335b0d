/**
 * `krun lab up`: base tree (systemd hosts), bridge and subnet, per host namespace + veth +
 * process, lab key, known_hosts, inventory; then waits until every sshd answers. Any
 * failure takes down what was made.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pLimit from 'p-limit'
import { KrunError } from '../core/errors.js'
import { ensureBaseTree, packageList } from './base-tree.js'
import { downState } from './down.js'
import { groupsOf, planHosts, renderInventory } from './inventory.js'
import { makeKeyPair, renderKnownHosts } from './keys.js'
import { prepareLightHost, startLightHost } from './light-host.js'
import { withLock } from './lock.js'
import { createBridge, createHostNet, forwardPolicyDrops, forwardRule, linkNames, pickSubnet, usedNetworks } from './net.js'
import { run } from './run.js'
import { LAB_ROOT, checkLabName, labDir, listLabs, readState, writeState, type HostState, type LabState } from './state.js'
import { consoleTail, prepareSystemdHost, startSystemdHost } from './systemd-host.js'
import { infoOf, labFiles, type LabInfo, type LabUpOptions } from './types.js'
import { labHostStates } from './status.js'
import { waitForSsh } from './wait.js'

/** Each host's systemd takes ~8 inotify instances; the default 128 stops around host 16 (LAB.md). */
const INOTIFY_KEY = 'fs.inotify.max_user_instances'

/** Fails with one line when the lab cannot work here. */
export function checkPlatform(): void {
  if (process.platform !== 'linux') throw new KrunError('E_LAB_PLATFORM', 'krun lab needs Linux (network namespaces, overlayfs, systemd-nspawn)')
  if (process.getuid?.() !== 0) throw new KrunError('E_LAB_PLATFORM', 'krun lab needs root (it creates network namespaces, bridges and mounts)')
}

function sameShape(s: LabState, kind: string, planned: string[], packages: string[]): boolean {
  return s.kind === kind && s.hosts.map((h) => h.name).join() === planned.join() && (kind === 'light' || s.packages.join() === packages.join())
}

/** Brings a lab up, or returns the running lab of the same name and shape. */
export async function labUp(opts: LabUpOptions): Promise<LabInfo> {
  checkPlatform()
  checkLabName(opts.name)
  const n = opts.hosts ?? 3
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new KrunError('E_LAB_USAGE', `--hosts must be 1..200, got ${n}`)
  const kind = opts.light ? 'light' : 'systemd'
  const planned = planHosts(opts)
  const packages = kind === 'systemd' ? packageList(opts) : []
  const existing = readState(opts.name)
  if (existing) {
    const running = (await labHostStates(existing)).every((h) => h.state === 'running' && h.ssh)
    if (running && sameShape(existing, kind, planned.map((p) => p.name), packages)) return infoOf(existing)
    throw new KrunError('E_LAB_EXISTS', `lab ${opts.name} already exists${running ? ' with another shape' : ' and is not fully running'}`, undefined, `krun lab down ${opts.name}`)
  }
  const baseTree = kind === 'systemd' ? await ensureBaseTree(packages, opts.log) : undefined
  const dir = labDir(opts.name)
  const names = linkNames(opts.name)
  const { groups, children } = groupsOf(planned, opts.layout)
  const s: LabState = {
    name: opts.name, dir, kind, packages, bridge: names.bridge, subnet: '', gateway: '',
    sysctl: [], hosts: [], groups: { ...groups, ...Object.fromEntries(Object.entries(children).map(([g, k]) => [g, k.flatMap((c) => groups[c] ?? [])])) },
    createdAt: new Date().toISOString(),
  }
  if (opts.layout) s.layout = opts.layout
  if (baseTree) s.baseTree = baseTree
  try {
    mkdirSync(LAB_ROOT, { recursive: true })
    // Subnet choice and bridge creation under one lock: a concurrent lab sees our bridge address.
    await withLock(join(LAB_ROOT, '.net.lock'), 60_000, async () => {
      const others = listLabs().flatMap((l) => {
        const o = readState(l)
        return o?.subnet ? [{ addr: o.subnet.split('/')[0]!, prefix: 24 }] : []
      })
      const net = pickSubnet(opts.name, [...(await usedNetworks()), ...others]).split('.').slice(0, 3).join('.')
      s.subnet = `${net}.0/24`
      s.gateway = `${net}.1`
      s.hosts = planned.map((p, i): HostState => ({
        name: p.name, address: `${net}.${10 + i}`, kind, netns: `krun-${opts.name}-${p.name}`, veth: names.veth(i + 1),
        dir: join(dir, 'hosts', p.name),
      }))
      writeState(s)
      await createBridge(s.bridge, s.gateway)
    })
    if (await forwardPolicyDrops()) {
      s.forwardRule = true
      writeState(s)
      await forwardRule(s.bridge, true)
    }
    if (kind === 'systemd' && s.hosts.length > 15) await raiseSysctl(s, INOTIFY_KEY, 1024)
    const files = labFiles(dir)
    const clientKey = await makeKeyPair(files.keyPath, `krun-lab-${opts.name}`)
    const limit = pLimit(8)
    await Promise.all(s.hosts.map((h) => limit(() => startHost(s, h, `${clientKey}\n`))))
    writeFileSync(files.knownHostsPath, renderKnownHosts(s.hosts.map((h) => ({ address: h.address, hostKey: h.hostKey ?? '' }))))
    writeFileSync(files.inventoryPath, renderInventory(s.hosts, groups, children, files.keyPath, files.knownHostsPath))
    const bootMs = kind === 'systemd' ? 60_000 + 2_000 * s.hosts.length : 20_000 + 500 * s.hosts.length
    await waitForSsh(s.hosts, bootMs, (name) => consoleTail(s.hosts.find((h) => h.name === name)!))
    return infoOf(s)
  } catch (e) {
    if (process.env.KRUN_LAB_KEEP_FAILED !== '1') await downState(s).catch(() => undefined)
    throw e
  }
}

async function startHost(s: LabState, h: HostState, authorizedKey: string): Promise<void> {
  mkdirSync(h.dir, { recursive: true })
  await createHostNet(h, s.bridge, s.gateway)
  if (h.kind === 'systemd') {
    h.hostKey = await prepareSystemdHost(h, s.baseTree!, authorizedKey)
    writeState(s)
    h.pid = startSystemdHost(h)
  } else {
    h.hostKey = await prepareLightHost(h, authorizedKey)
    h.pid = startLightHost(h)
  }
  writeState(s)
}

async function raiseSysctl(s: LabState, key: string, value: number): Promise<void> {
  const old = (await run(['sysctl', '-n', key])).trim()
  if (Number(old) >= value) return
  s.sysctl.push({ key, old, set: String(value) })
  writeState(s)
  await run(['sysctl', '-q', '-w', `${key}=${value}`])
}
