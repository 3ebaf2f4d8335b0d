/**
 * Where and how to reach a host over SSH, resolved as Ansible does: inventory variables,
 * then CLI flags, then ~/.ssh/config, then defaults.
 */
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import { expandTilde, lookupHost, type SshConfig, type SshHostOptions } from './ssh-config.js'

/** Everything SshConnection needs to reach one host. */
export interface SshTarget {
  /** Inventory name (for messages and results). */
  host: string
  /** Address or DNS name to connect to. */
  address: string
  port: number
  user: string
  /** Key files to offer, in order (before the agent). */
  privateKeyPaths?: string[]
  password?: string
  /** Passphrase of encrypted key files. */
  passphrase?: string
  knownHostsFile: string
  /** yes: refuse unknown hosts; accept-new: add them; no: accept unknown without adding. A changed key is always refused. */
  strictHostKeyChecking: 'yes' | 'accept-new' | 'no'
  /** TCP connect + SSH handshake limit (default 10000). */
  connectTimeoutMs?: number
  /** Bastion to tunnel through (ssh -J). */
  proxyJump?: SshTarget
  /** ssh-agent socket; default SSH_AUTH_SOCK. */
  agent?: string
}

/** The ssh-related command-line flags of krun. */
export interface SshCliOptions {
  user?: string
  privateKey?: string
  password?: string
  knownHostsFile?: string
  strictHostKeyChecking?: SshTarget['strictHostKeyChecking']
  connectTimeoutMs?: number
}

/** The local environment the resolution depends on (injectable for tests). */
export interface SshEnv {
  home: string
  localUser: string
  agent?: string
}

/** The current process's environment. */
export function processEnv(): SshEnv {
  const env: SshEnv = { home: homedir(), localUser: userInfo().username }
  if (process.env.SSH_AUTH_SOCK) env.agent = process.env.SSH_AUTH_SOCK
  return env
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)
const first = (o: SshHostOptions, k: string): string | undefined => o.get(k)?.[0]

function strictOf(v: string | undefined): SshTarget['strictHostKeyChecking'] | undefined {
  switch (v?.toLowerCase()) {
    case 'yes':
    case 'ask': // nobody can answer a prompt in a batch run: ask refuses, like yes
      return 'yes'
    case 'accept-new':
      return 'accept-new'
    case 'no':
    case 'off':
      return 'no'
    default:
      return undefined
  }
}

/** Expands the `%` tokens OpenSSH allows in paths and HostName. */
function tokens(s: string, t: { alias: string; host?: string; user?: string; port?: number }, env: SshEnv): string {
  return s.replace(/%([%hnprud])/g, (_, c: string) => {
    switch (c) {
      case '%': return '%'
      case 'h': return t.host ?? t.alias
      case 'n': return t.alias
      case 'p': return String(t.port ?? 22)
      case 'r': return t.user ?? env.localUser
      case 'u': return env.localUser
      default: return env.home
    }
  })
}

/**
 * Resolves an inventory host into an SshTarget. Inventory vars (ansible_host, ansible_port,
 * ansible_user, ansible_ssh_private_key_file, ansible_password, krun_ssh_known_hosts_file)
 * win over CLI flags, which win over ssh config, which wins over defaults. As with Ansible's
 * ssh, config blocks match the name ssh is given (ansible_host, else the inventory name), and
 * a HostName there still applies. ansible_ssh_common_args is ignored.
 */
export function resolveSshTarget(host: string, vars: Record<string, unknown>, cli: SshCliOptions, config: SshConfig, env: SshEnv = processEnv()): SshTarget {
  const alias = str(vars.ansible_host) ?? str(vars.ansible_ssh_host) ?? host
  const cfg = lookupHost(config, alias)
  const cfgPort = Number(first(cfg, 'port'))
  const port = Number(str(vars.ansible_port) ?? str(vars.ansible_ssh_port)) || cfgPort || 22
  const user = str(vars.ansible_user) ?? str(vars.ansible_ssh_user) ?? cli.user ?? first(cfg, 'user') ?? env.localUser
  const hostName = first(cfg, 'hostname')
  const address = hostName ? tokens(hostName, { alias }, env) : alias
  const ctx = { alias, host: address, user, port }
  const target: SshTarget = {
    host,
    address,
    port,
    user,
    knownHostsFile: expandTilde(
      str(vars.krun_ssh_known_hosts_file) ?? cli.knownHostsFile ?? tokens(first(cfg, 'userknownhostsfile') ?? '~/.ssh/known_hosts', ctx, env),
      env.home,
    ),
    strictHostKeyChecking: cli.strictHostKeyChecking ?? strictOf(first(cfg, 'stricthostkeychecking')) ?? 'yes',
  }
  const keyVar = str(vars.ansible_ssh_private_key_file) ?? str(vars.ansible_private_key_file)
  const keys = keyVar ? [keyVar] : cli.privateKey ? [cli.privateKey] : (cfg.get('identityfile') ?? []).filter((k) => k.toLowerCase() !== 'none')
  if (keys.length > 0) target.privateKeyPaths = keys.map((k) => expandTilde(tokens(k, ctx, env), env.home))
  const password = str(vars.ansible_password) ?? str(vars.ansible_ssh_pass) ?? cli.password
  if (password !== undefined) target.password = password
  const timeoutS = Number(first(cfg, 'connecttimeout'))
  const timeout = cli.connectTimeoutMs ?? (timeoutS > 0 ? timeoutS * 1000 : undefined)
  if (timeout !== undefined) target.connectTimeoutMs = timeout
  if (env.agent) target.agent = env.agent
  const jump = first(cfg, 'proxyjump')
  if (jump && jump.toLowerCase() !== 'none') target.proxyJump = resolveJumpChain(jump, config, env)
  return target
}

/** `user@host:port` of one ProxyJump hop. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const m = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim())
  if (!m) return { host: spec }
  const out: { user?: string; host: string; port?: number } = { host: m[2]!.replace(/^\[|\]$/g, '') }
  if (m[1]) out.user = m[1]
  if (m[3]) out.port = Number(m[3])
  return out
}

/** `ProxyJump a,b`: a is reached first, then b through a; returns b (whose proxyJump is a). */
function resolveJumpChain(list: string, config: SshConfig, env: SshEnv): SshTarget {
  let prev: SshTarget | undefined
  for (const spec of list.split(',')) {
    const j = parseJumpSpec(spec)
    const vars: Record<string, unknown> = {}
    if (j.user) vars.ansible_user = j.user
    if (j.port) vars.ansible_port = j.port
    // A hop's own ProxyJump in the config is not followed: the list gives the whole path.
    const hop = resolveSshTarget(j.host, vars, {}, stripJump(config), env)
    if (prev) hop.proxyJump = prev
    prev = hop
  }
  return prev!
}

function stripJump(config: SshConfig): SshConfig {
  return { blocks: config.blocks.map((b) => ({ ...b, options: b.options.filter((o) => o.key !== 'proxyjump') })) }
}

/** The key files OpenSSH tries when none is configured. */
export function defaultKeyPaths(home: string): string[] {
  return ['id_ed25519', 'id_rsa', 'id_ecdsa'].map((k) => join(home, '.ssh', k))
}
