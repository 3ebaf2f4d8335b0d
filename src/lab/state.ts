/**
 * A lab's state on disk: everything `down` needs to find what `up` made (processes, mounts,
 * network namespaces, links, firewall rule, sysctl values), written before each step acts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KrunError } from '../core/errors.js'

/** Root of all labs' state directories. */
export const LAB_ROOT = process.env.KRUN_LAB_ROOT ?? '/var/lib/krun-lab'

/** Host kinds: systemd-nspawn booting Debian, or a namespace with only sshd. */
export type HostKind = 'systemd' | 'light'

/** One host as `up` made it. */
export interface HostState {
  name: string
  address: string
  kind: HostKind
  /** Network namespace name (under /run/netns). */
  netns: string
  /** Machine side of the veth pair, enslaved to the bridge. */
  veth: string
  /** This host's directory in the lab dir (overlay layers, logs, keys). */
  dir: string
  /** systemd-nspawn (systemd) or unshare (light) process. */
  pid?: number
  /** `type base64` of the host's ssh host key, for known_hosts. */
  hostKey?: string
  /** Overlay mount point on the machine (systemd hosts only; light hosts mount in their own namespace). */
  mount?: string
}

/** Everything one lab holds on this machine. */
export interface LabState {
  name: string
  dir: string
  kind: HostKind
  layout?: 'ha'
  packages: string[]
  baseTree?: string
  bridge: string
  /** e.g. 10.213.7.0/24; the bridge holds gateway. */
  subnet: string
  gateway: string
  /** iptables FORWARD ACCEPT rule added for the bridge (the chain policy was DROP). */
  forwardRule?: boolean
  sysctl: Array<{ key: string; old: string; set: string }>
  hosts: HostState[]
  /** Host names per inventory group. */
  groups: Record<string, string[]>
  createdAt: string
}

/** Lab names become parts of interface and namespace names: keep them short and plain. */
export function checkLabName(name: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,23}$/.test(name)) {
    throw new KrunError('E_LAB_USAGE', `bad lab name '${name}': use 1-24 characters a-z, 0-9 and '-'`)
  }
}

/** The state directory of a lab. */
export function labDir(name: string): string {
  return join(LAB_ROOT, name)
}

/** Reads a lab's state, or undefined when there is no such lab. */
export function readState(name: string): LabState | undefined {
  const p = join(labDir(name), 'state.json')
  if (!existsSync(p)) return undefined
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as LabState
  } catch (e) {
    throw new KrunError('E_LAB_STATE', `cannot read ${p}: ${(e as Error).message}`)
  }
}

/** Writes state atomically (rename), so a crash mid-write leaves the previous state. */
export function writeState(s: LabState): void {
  mkdirSync(s.dir, { recursive: true })
  const p = join(s.dir, 'state.json')
  writeFileSync(`${p}.tmp`, `${JSON.stringify(s, null, 2)}\n`)
  renameSync(`${p}.tmp`, p)
}

/** Names of all labs that have state on this machine. */
export function listLabs(): string[] {
  if (!existsSync(LAB_ROOT)) return []
  return readdirSync(LAB_ROOT)
    .filter((n) => existsSync(join(LAB_ROOT, n, 'state.json')))
    .sort()
}
