/**
 * The Debian tree that systemd hosts boot from: built once per package list with
 * debootstrap, cached under /var/cache/krun-lab/<hash>/, shared read-only by every host
 * (each host writes to its own overlay).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, renameSync, writeFileSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { KrunError } from '../core/errors.js'
import { machineCodename, pickMirror, readAptSources } from './apt-sources.js'
import { withLock } from './lock.js'
import { run, tryRun } from './run.js'

/** Where base trees, their locks and the shared .deb cache live. */
export const CACHE_ROOT = '/var/cache/krun-lab'

/** What every systemd host has: enough to boot, log in over ssh and sudo. */
export const BASE_PACKAGES = ['openssh-server', 'systemd', 'systemd-sysv', 'dbus', 'iproute2', 'sudo', 'ca-certificates']
/** Extra packages for the HA layout (etcd, load balancers). */
export const HA_PACKAGES = ['etcd-server', 'etcd-client', 'haproxy', 'keepalived']
/** Services that the extra packages enable on install: off, so hosts start as a playbook expects. */
const DISABLE_UNITS = ['etcd.service', 'haproxy.service', 'keepalived.service']
/** Bump when the tree recipe below changes, so old caches are not reused. */
const RECIPE = 2

/** The full, sorted package list for a lab shape. */
export function packageList(opts: { layout?: 'ha'; withPython?: boolean; packages?: string[] }): string[] {
  const set = new Set(BASE_PACKAGES)
  if (opts.layout === 'ha') HA_PACKAGES.forEach((p) => set.add(p))
  if (opts.withPython) set.add('python3')
  for (const p of opts.packages ?? []) {
    if (!/^[a-z0-9][a-z0-9+.-]+$/.test(p)) throw new KrunError('E_LAB_USAGE', `not a Debian package name: '${p}'`)
    set.add(p)
  }
  return [...set].sort()
}

/** Cache key of a tree: suite, recipe and package list (not the mirror: any mirror serves the same packages). */
export function treeHash(suite: string, packages: string[]): string {
  return createHash('sha256').update(JSON.stringify({ suite, packages, recipe: RECIPE })).digest('hex').slice(0, 16)
}

/** Returns the path of a ready base tree with these packages, building it first if needed. */
export async function ensureBaseTree(packages: string[], log: (msg: string) => void = () => undefined): Promise<string> {
  const suite = machineCodename()
  if (!suite) throw new KrunError('E_LAB_BASE', 'cannot tell the Debian release of this machine (no VERSION_CODENAME in /etc/os-release)')
  const dir = join(CACHE_ROOT, treeHash(suite, packages))
  if (existsSync(join(dir, '.krun-ready'))) return dir
  mkdirSync(join(CACHE_ROOT, 'debs'), { recursive: true })
  await withLock(`${dir}.lock`, 30 * 60_000, async () => {
    if (existsSync(join(dir, '.krun-ready'))) return
    const mirror = pickMirror(readAptSources(), suite)
    if (!mirror) throw new KrunError('E_LAB_BASE', `no apt source on this machine serves '${suite} main' (looked in /etc/apt/sources.list*)`)
    const tmp = `${dir}.tmp`
    // A leftover from an interrupted build is never reused.
    rmSync(tmp, { recursive: true, force: true })
    log(`building base tree (${packages.join(' ')}) from ${mirror.uri}: about a minute, once`)
    const keyring = mirror.signedBy && existsSync(mirror.signedBy) ? [`--keyring=${mirror.signedBy}`] : []
    await run(
      ['debootstrap', '--variant=minbase', `--include=${packages.join(',')}`, `--cache-dir=${join(CACHE_ROOT, 'debs')}`, ...keyring, suite, tmp, mirror.uri],
      { timeoutMs: 30 * 60_000 },
    )
    await customize(tmp)
    rmSync(dir, { recursive: true, force: true })
    renameSync(tmp, dir)
  })
  return dir
}

/** Makes the fresh tree bootable as many distinct hosts. */
async function customize(tree: string): Promise<void> {
  // Each host gets its own host key (written before boot) and its own machine id (at boot).
  for (const f of readdirSync(join(tree, 'etc/ssh'))) if (f.startsWith('ssh_host_')) unlinkSync(join(tree, 'etc/ssh', f))
  mkdirSync(join(tree, 'etc/ssh/sshd_config.d'), { recursive: true })
  writeFileSync(join(tree, 'etc/ssh/sshd_config.d/krun-lab.conf'), 'HostKey /etc/ssh/ssh_host_ed25519_key\nUseDNS no\n')
  writeFileSync(join(tree, 'etc/machine-id'), '')
  writeFileSync(join(tree, 'etc/hostname'), 'localhost\n')
  mkdirSync(join(tree, 'root/.ssh'), { recursive: true, mode: 0o700 })
  for (const unit of DISABLE_UNITS) {
    if (existsSync(join(tree, 'lib/systemd/system', unit))) await tryRun(['systemctl', `--root=${tree}`, 'disable', unit])
  }
  const archives = join(tree, 'var/cache/apt/archives')
  for (const f of readdirSync(archives)) if (f.endsWith('.deb')) unlinkSync(join(archives, f))
  writeFileSync(join(tree, '.krun-ready'), `${new Date().toISOString()}\n`)
}
