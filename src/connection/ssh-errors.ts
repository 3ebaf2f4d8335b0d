/**
 * Turns ssh2 and socket failures into UnreachableError with the one-line reasons OpenSSH
 * users know ("ssh: connect to 10.0.0.3:22: Connection refused").
 */
import { UnreachableError } from './types.js'
import type { SshTarget } from './ssh-target.js'

/** Why a host key was refused; `hint` is the known_hosts line to add, when there is one. */
export class HostKeyError extends UnreachableError {
  readonly reason: 'unknown' | 'changed' | 'revoked'
  readonly hint: string | undefined
  constructor(reason: HostKeyError['reason'], message: string, hint?: string) {
    super(message)
    this.name = 'HostKeyError'
    this.reason = reason
    this.hint = hint
  }
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
}

/** What happened around a failed connect, for the message. */
export interface ConnectContext {
  tried: string[]
  notes: string[]
  tcpConnected: boolean
  timeoutMs: number
}

/** `addr:port`, with brackets for IPv6. */
export function endpoint(t: Pick<SshTarget, 'address' | 'port'>): string {
  return t.address.includes(':') ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`
}

/** Maps a connect-phase failure to an UnreachableError with a one-line reason. */
export function connectError(err: Error & { level?: string; code?: string }, t: SshTarget, ctx: ConnectContext): UnreachableError {
  if (err instanceof UnreachableError) return err
  const at = endpoint(t)
  if (err.level === 'client-authentication') {
    const tried = [...ctx.tried, ...ctx.notes]
    return new UnreachableError(`ssh: authentication failed for ${t.user}@${t.address} (tried: ${tried.length ? tried.join(', ') : 'nothing: no key, agent or password'})`)
  }
  if (err.level === 'client-timeout') {
    return new UnreachableError(
      ctx.tcpConnected
        ? `ssh: ${at}: no SSH handshake within ${ctx.timeoutMs} ms`
        : `ssh: connect to ${at}: Connection timed out (after ${ctx.timeoutMs} ms)`,
    )
  }
  if (err.level === 'client-dns' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new UnreachableError(`ssh: Could not resolve hostname ${t.address}: Name or service not known`)
  }
  const reason = err.code ? SOCKET_REASONS[err.code] : undefined
  if (reason) return new UnreachableError(`ssh: connect to ${at}: ${reason}`)
  return new UnreachableError(`ssh: ${at}: ${err.message}`)
}

/** The error for commands cut off by a dropped connection. */
export function droppedError(t: SshTarget, why?: string): UnreachableError {
  return new UnreachableError(`ssh: connection to ${t.user}@${endpoint(t)} dropped${why ? `: ${why}` : ''}`)
}
