import type { Host, Inventory } from './types.js'
import type { VarsDirs } from './vars-files.js'

/** Names Ansible treats as the control node (C.LOCALHOST). */
export const LOCALHOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1']

/** What InventoryData adds to Inventory that the implicit host needs (kept structural to avoid an import cycle). */
interface WithVarsDirs {
  varsDirs?: VarsDirs
  changed?: () => void
}

/**
 * The implicit localhost Ansible creates when a pattern names `localhost` (or 127.0.0.1, ::1)
 * that the inventory lacks: ansible_connection=local, in no group, not matched by 'all'.
 * Returns the inventory's own localhost if it has one, undefined for other names.
 */
export function implicitLocalhost(inv: Inventory, name: string): Host | undefined {
  if (!LOCALHOST_NAMES.includes(name)) return undefined
  const existing = inv.hosts.get(name) ?? LOCALHOST_NAMES.map((n) => inv.hosts.get(n)).find((h) => h && !h.implicit)
  if (existing) return existing
  const data = inv as Inventory & WithVarsDirs
  const fileVars = data.varsDirs?.merged('host_vars', name) ?? {}
  const host: Host = { name, vars: { ansible_connection: 'local', ...fileVars }, groups: [], implicit: true }
  inv.hosts.set(name, host)
  data.changed?.()
  return host
}
