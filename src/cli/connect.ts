import type { Connection } from '../connection/types.js'
import { LocalConnection } from '../connection/local.js'
import { sshConnectionFor } from '../connection/ssh-factory.js'
import { promptSecret } from './prompt.js'
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

/** One SshConnection per host: inventory vars > CLI flags > ~/.ssh/config > defaults. */
function sshConnection(host: string, vars: Scope, co: ConnectOptions): Connection {
  const strict = co.acceptNewHostKeys ? 'accept-new' : co.hostKeyChecking ? 'yes' : 'no'
  return sshConnectionFor(
    host,
    vars,
    { user: co.user, privateKey: co.privateKey, password: co.password, strictHostKeyChecking: strict, connectTimeoutMs: co.timeoutMs },
    { askPassphrase: (key) => (process.stdin.isTTY ? promptSecret(`Enter passphrase for key '${key}': `) : Promise.resolve(undefined)) },
  )
}
