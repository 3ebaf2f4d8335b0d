/** Public shapes of `krun lab`. */
import { join } from 'node:path'
import type { HostKind, LabState } from './state.js'

/** What to bring up. */
export interface LabUpOptions {
  /** Lab name: 1-24 of a-z 0-9 '-'. */
  name: string
  /** Number of hosts (default 3); ignored with layout 'ha'. */
  hosts?: number
  /** 'ha': masters (3, also etcd), lb (2), workers (2). */
  layout?: 'ha'
  /** Light hosts (namespaces + sshd, no systemd) instead of systemd-nspawn hosts. */
  light?: boolean
  /** Bake python3 into the systemd hosts' base tree (none by default). */
  withPython?: boolean
  /** Extra Debian packages for the systemd hosts' base tree. */
  packages?: string[]
  /** Progress lines (base tree build); silent by default. */
  log?: (msg: string) => void
}

/** A running lab, as tests and the CLI use it. */
export interface LabInfo {
  name: string
  dir: string
  inventoryPath: string
  /** Private key root logs in with on every host. */
  keyPath: string
  /** known_hosts with every host's key (made from the keys themselves, before boot). */
  knownHostsPath: string
  hosts: Array<{ name: string; address: string; kind: HostKind }>
  groups: Record<string, string[]>
}

/** One lab in `status`. */
export interface LabStatus {
  name: string
  kind: HostKind
  subnet: string
  hosts: Array<{ name: string; address: string; kind: HostKind; state: 'running' | 'stopped'; ssh: boolean }>
}

/** Files of a lab directory. */
export function labFiles(dir: string): { inventoryPath: string; keyPath: string; knownHostsPath: string } {
  return { inventoryPath: join(dir, 'inventory.ini'), keyPath: join(dir, 'id_ed25519'), knownHostsPath: join(dir, 'known_hosts') }
}

/** LabInfo of a lab's state. */
export function infoOf(s: LabState): LabInfo {
  return {
    name: s.name,
    dir: s.dir,
    ...labFiles(s.dir),
    hosts: s.hosts.map((h) => ({ name: h.name, address: h.address, kind: h.kind })),
    groups: s.groups,
  }
}
