/**
 * Opens one authenticated ssh2 client to a target: TCP_NODELAY (48 ms -> 3.5 ms per round
 * trip, LAB.md), keepalives, host key policy, auth attempts, ProxyJump through a bastion.
 */
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import type { Client as ClientT, ConnectConfig } from 'ssh2'
import { authAttempts, authHandler, type AskPassphrase } from './ssh-auth.js'
import { connectError, endpoint, type ConnectContext } from './ssh-errors.js'
import { hostKeyPolicy } from './ssh-host-key.js'
import type { SshTarget } from './ssh-target.js'
import { UnreachableError } from './types.js'

/** Settings shared by all connections of a run. */
export interface ConnectOptions {
  /** Home directory for default keys. */
  home: string
  askPassphrase?: AskPassphrase
  /** Keepalive period; 3 unanswered ones drop the connection. */
  keepaliveIntervalMs?: number
}

/** An open client and how to release it (and its bastion). */
export interface OpenClient {
  client: ClientT
  /** The bastion connection, when tunnelled; closed with the client. */
  jump?: OpenClient
  end(): void
}

function forward(jump: OpenClient, t: SshTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.client.forwardOut('127.0.0.1', 0, t.address, t.port, (err, stream) => {
      const via = t.proxyJump ? ` via ${t.proxyJump.user}@${endpoint(t.proxyJump)}` : ''
      if (err) reject(new UnreachableError(`ssh: connect to ${endpoint(t)}${via}: ${err.message}`))
      else resolve(stream)
    })
  })
}

/** Connects and authenticates; rejects with UnreachableError (or its HostKeyError) and a one-line reason. */
export async function openClient(t: SshTarget, o: ConnectOptions): Promise<OpenClient> {
  const jump = t.proxyJump ? await openClient(t.proxyJump, o) : undefined
  let sock: Duplex | undefined
  try {
    if (jump) sock = await forward(jump, t)
  } catch (e) {
    jump?.end()
    throw e
  }
  const { attempts, notes } = await authAttempts(t, o.home, o.askPassphrase)
  const policy = hostKeyPolicy(t)
  const timeoutMs = t.connectTimeoutMs ?? 10_000
  const ctx: ConnectContext = { tried: [], notes, tcpConnected: !!sock, timeoutMs }
  const client = new ssh2.Client()
  const cfg: ConnectConfig = {
    host: t.address,
    port: t.port,
    username: t.user,
    readyTimeout: timeoutMs,
    keepaliveInterval: o.keepaliveIntervalMs ?? 15_000,
    keepaliveCountMax: 3,
    hostVerifier: (key: Buffer) => policy.verify(key),
    authHandler: authHandler(attempts, ctx.tried),
  }
  if (policy.preferredAlgorithms.length) cfg.algorithms = { serverHostKey: { prepend: policy.preferredAlgorithms } } as ConnectConfig['algorithms']
  if (sock) cfg.sock = sock as ConnectConfig['sock']
  return new Promise<OpenClient>((resolve, reject) => {
    let settled = false
    const fail = (e: Error & { level?: string; code?: string }): void => {
      if (settled) return
      settled = true
      client.end()
      jump?.end()
      reject(policy.refused() ?? connectError(e, t, ctx))
    }
    client.on('connect', () => {
      ctx.tcpConnected = true
      client.setNoDelay(true)
    })
    client.on('error', (e: Error & { level?: string }) => {
      // A broken agent is not fatal: ssh2 goes on with the next method.
      if (e.level !== 'agent') fail(e)
    })
    client.on('close', () => fail(Object.assign(new Error(`Connection closed by ${endpoint(t)}`), { level: 'client-socket' })))
    client.on('ready', () => {
      if (settled) return
      settled = true
      const open: OpenClient = {
        client,
        end: () => {
          client.end()
          jump?.end()
        },
      }
      if (jump) open.jump = jump
      resolve(open)
    })
    try {
      client.connect(cfg)
      client.setNoDelay(true)
    } catch (e) {
      fail(e as Error)
    }
  })
}
