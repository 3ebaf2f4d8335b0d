/**
 * Light hosts: a network namespace plus `unshare` (mount, uts, pid) with per-host overlays
 * on /etc /var /opt, an own empty /root (the machine's .bashrc costs 100 ms per command),
 * fresh /run and /tmp, and an sshd with its own host key as the namespace's PID 1. No systemd.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { shJoin } from '../connection/quote.js'
import { makeHostKey } from './keys.js'
import { startDetached, stopProcess } from './process.js'
import { LAB_ROOT, type HostState } from './state.js'

const LAYERS = ['etc', 'opt', 'var'] as const

/** sshd configuration for one light host (the machine's own sshd_config is not read). */
export function lightSshdConfig(address: string): string {
  return [
    'Port 22',
    `ListenAddress ${address}`,
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PermitRootLogin prohibit-password',
    // Users a test creates with a password can log in with it (root never can).
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'UseDNS no',
    'PidFile none',
    'PrintMotd no',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n')
}

/** The script PID 1 of the host's namespaces runs: mounts, hostname, then exec sshd. */
export function lightInitScript(h: Pick<HostState, 'name' | 'dir'>): string {
  const mountLayer = (d: string): string =>
    shJoin(['mount', '-t', 'overlay', 'krun-lab', '-o', `lowerdir=/${d},upperdir=${join(h.dir, 'up', d)},workdir=${join(h.dir, 'wk', d)}`, `/${d}`])
  return [
    'set -e',
    // Other labs' overlays were copied into this mount namespace: drop them so they are not pinned here.
    `grep -o ' ${LAB_ROOT}/[^ ]*' /proc/self/mounts | while read -r m; do umount -l "$m" || true; done`,
    // /var last: the layers live under /var/lib, which must still be the machine's /var.
    ...LAYERS.map(mountLayer),
    shJoin(['mount', '--bind', join(h.dir, 'home'), '/root']),
    'mount -t tmpfs -o mode=755 krun-run /run',
    'mkdir -p /run/sshd',
    'mount -t tmpfs -o mode=1777 krun-tmp /tmp',
    `echo ${shJoin([h.name])} > /proc/sys/kernel/hostname`,
    'exec /usr/sbin/sshd -D -e -f /etc/ssh/krun-lab-sshd_config',
  ].join('\n')
}

/** Writes the host's layers before start: hostname, host key, sshd config, root's authorized_keys. Returns the host key. */
export async function prepareLightHost(h: HostState, authorizedKey: string): Promise<string> {
  for (const d of LAYERS) {
    mkdirSync(join(h.dir, 'up', d), { recursive: true })
    mkdirSync(join(h.dir, 'wk', d), { recursive: true })
  }
  mkdirSync(join(h.dir, 'up/etc/ssh'), { recursive: true })
  mkdirSync(join(h.dir, 'home/.ssh'), { recursive: true, mode: 0o700 })
  writeFileSync(join(h.dir, 'home/.ssh/authorized_keys'), authorizedKey, { mode: 0o600 })
  writeFileSync(join(h.dir, 'up/etc/hostname'), `${h.name}\n`)
  // sudo looks its own host name up: without this line every sudo warns on stderr.
  writeFileSync(join(h.dir, 'up/etc/hosts'), `127.0.0.1 localhost\n::1 localhost\n${h.address} ${h.name}\n`)
  writeFileSync(join(h.dir, 'up/etc/ssh/krun-lab-sshd_config'), lightSshdConfig(h.address))
  return makeHostKey(join(h.dir, 'up/etc/ssh/ssh_host_ed25519_key'), h.name)
}

/** Starts the host; returns the pid of `unshare` (its death kills the whole namespace). */
export function startLightHost(h: HostState): number {
  return startDetached(
    [
      'nsenter', `--net=/run/netns/${h.netns}`,
      'unshare', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--mount-proc',
      'sh', '-c', lightInitScript(h),
    ],
    join(h.dir, 'console.log'),
  )
}

/** Stops the host: SIGKILL to unshare, whose --kill-child takes PID 1 and so the namespace down. */
export async function stopLightHost(h: HostState): Promise<void> {
  // unshare ignores SIGTERM while it waits for its child; nothing in a light host needs a clean shutdown.
  await stopProcess(h.pid, h.dir, 0)
}
