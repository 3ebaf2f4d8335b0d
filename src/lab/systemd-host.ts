/**
 * Systemd hosts: an overlay of the base tree per host, booted by systemd-nspawn in the
 * host's network namespace, with systemd as PID 1.
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KrunError } from '../core/errors.js'
import { makeHostKey } from './keys.js'
import { startDetached, stopProcess } from './process.js'
import { run, runRaw, sleep } from './run.js'
import type { HostState } from './state.js'

/** Mounts the host's overlay and writes what makes it this host: hostname, host key, root's authorized_keys. Returns the host public key line. */
export async function prepareSystemdHost(h: HostState, baseTree: string, authorizedKey: string): Promise<string> {
  const root = join(h.dir, 'root')
  for (const d of ['up', 'wk', 'root']) mkdirSync(join(h.dir, d), { recursive: true })
  await run(['mount', '-t', 'overlay', 'krun-lab', '-o', `lowerdir=${baseTree},upperdir=${join(h.dir, 'up')},workdir=${join(h.dir, 'wk')}`, root])
  h.mount = root
  writeFileSync(join(root, 'etc/hostname'), `${h.name}\n`)
  writeFileSync(join(root, 'etc/hosts'), `127.0.0.1 localhost\n${h.address} ${h.name}\n`)
  mkdirSync(join(root, 'root/.ssh'), { recursive: true, mode: 0o700 })
  writeFileSync(join(root, 'root/.ssh/authorized_keys'), authorizedKey, { mode: 0o600 })
  const pub = await makeHostKey(join(h.dir, 'ssh_host_ed25519_key'), h.name)
  for (const f of ['ssh_host_ed25519_key', 'ssh_host_ed25519_key.pub']) copyFileSync(join(h.dir, f), join(root, 'etc/ssh', f))
  chmodSync(join(root, 'etc/ssh/ssh_host_ed25519_key'), 0o600)
  return pub
}

/** Boots the host; returns the systemd-nspawn pid. */
export function startSystemdHost(h: HostState): number {
  return startDetached(
    [
      'systemd-nspawn', '--quiet', '--register=no', '--keep-unit', '--boot',
      '-D', join(h.dir, 'root'), '-M', h.name,
      `--network-namespace-path=/run/netns/${h.netns}`,
      // private network: /proc/sys/net is the host's own and writable (sysctl on net.* keys);
      // it also hides /sys/module, which modprobe reads, so that comes back read-only
      '--private-network', '--bind-ro=/sys/module',
      '--console=passive',
    ],
    join(h.dir, 'console.log'),
  )
}

/** Powers the host off (SIGTERM, then SIGKILL per LAB.md) and unmounts its overlay. */
export async function stopSystemdHost(h: HostState): Promise<void> {
  await stopProcess(h.pid, join(h.dir, 'root'), 10_000)
  await unmount(h.mount ?? join(h.dir, 'root'))
}

/** Unmounts when mounted; retries while busy, then detaches lazily. */
export async function unmount(path: string): Promise<void> {
  for (let i = 0; i < 20 && isMounted(path); i++) {
    const r = await runRaw(['umount', path])
    if (r.rc === 0) break
    await sleep(100)
  }
  if (isMounted(path)) await runRaw(['umount', '-l', path])
  if (isMounted(path)) throw new KrunError('E_LAB_STOP', `cannot unmount ${path}`)
}

/** True when something is mounted exactly at path (per /proc/self/mounts). */
export function isMounted(path: string): boolean {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[1] === path)
}

/** Last lines of the host's console, for boot errors. */
export function consoleTail(h: HostState, lines = 5): string {
  try {
    const text = readFileSync(join(h.dir, 'console.log'), 'utf8').trim()
    return text ? `${h.name}: ${text.split('\n').slice(-lines).join(`\n${h.name}: `)}` : ''
  } catch {
    return ''
  }
}
