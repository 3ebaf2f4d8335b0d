/**
 * SshConnection: one ssh2 connection per host, opened on first use and shared by every
 * call; commands on exec channels (at most MAX_CHANNELS at once, the rest queue: sshd
 * allows 10 sessions), files over one SFTP session. A dropped connection rejects what
 * was running with UnreachableError; the next call connects again.
 */
import { randomBytes } from 'node:crypto'
import { homedir } from 'node:os'
import { posix } from 'node:path'
import pLimit from 'p-limit'
import type { SFTPWrapper } from 'ssh2'
import { KrunError } from '../core/errors.js'
import { buildCommand, needsSudo, shellLine } from './ssh-command.js'
import { openClient, type ConnectOptions, type OpenClient } from './ssh-connect.js'
import { droppedError } from './ssh-errors.js'
import { execChannel, type RawResult } from './ssh-exec.js'
import { ShellSession } from './ssh-shell.js'
import { finishPutScript, readRemote, tempName, unlinkQuietly, uploadError, uploadNew } from './ssh-files.js'
import { quote } from './quote.js'
import type { SshTarget } from './ssh-target.js'
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js'
import { UnreachableError } from './types.js'

/** Concurrent commands per connection. */
export const MAX_CHANNELS = 5
/** Persistent shells per connection (with MAX_CHANNELS exec channels and SFTP: under sshd's 10 sessions). */
export const MAX_SHELLS = 3

/** Options beyond the target: passphrase prompt, keepalive, channel cap. */
export interface SshConnectionOptions extends Partial<ConnectOptions> {
  maxChannels?: number
}

export class SshConnection implements Connection {
  readonly host: string
  private readonly opts: ConnectOptions
  private readonly limit: ReturnType<typeof pLimit>
  private readonly shellLimit = pLimit(MAX_SHELLS)
  /** Shells waiting for a command; emptied when the connection drops. */
  private idleShells: ShellSession[] = []
  private opening: Promise<OpenClient> | undefined
  private sftpP: Promise<SFTPWrapper> | undefined
  private drop: UnreachableError | undefined
  /** Rejections of calls in flight, fired when the connection drops. */
  private readonly inFlight = new Set<(e: UnreachableError) => void>()

  constructor(
    readonly target: SshTarget,
    opts: SshConnectionOptions = {},
  ) {
    this.host = target.host
    this.opts = { home: opts.home ?? homedir(), ...opts }
    this.limit = pLimit(opts.maxChannels ?? MAX_CHANNELS)
  }

  /** The open client, connecting on first use (or after a drop). */
  private client(): Promise<OpenClient> {
    if (!this.opening) {
      this.drop = undefined
      const p = openClient(this.target, this.opts)
      this.opening = p
      p.then(
        (oc) => {
          const onGone = (e?: Error): void => {
            if (this.opening !== p) return
            this.opening = undefined
            this.sftpP = undefined
            this.idleShells = []
            this.drop = droppedError(this.target, e?.message)
            for (const rej of this.inFlight) rej(this.drop)
            this.inFlight.clear()
          }
          oc.client.on('error', onGone)
          oc.client.on('close', () => onGone())
        },
        () => {
          // A failed connect is retried by the next call.
          if (this.opening === p) this.opening = undefined
        },
      )
    }
    return this.opening
  }

  /** Runs fn with the client, rejecting with UnreachableError if the connection drops meanwhile. */
  private withClient<T>(fn: (oc: OpenClient) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.inFlight.add(reject)
      this.client()
        .then(fn)
        .then(resolve, reject)
        .finally(() => this.inFlight.delete(reject))
    })
  }

  /** Runs a command and returns its output as bytes: in a persistent shell when it can, else on its own exec channel. */
  private execRaw(cmd: string, opts: ExecOptions): Promise<RawResult> {
    const line = shellLine(cmd, opts, this.target.user)
    if (line !== undefined) return this.limit(() => this.shellLimit(() => this.withClient((oc) => this.inShell(oc, line))))
    const built = buildCommand(cmd, opts, this.target.user, randomBytes(8).toString('hex'))
    const stdin = opts.stdin === undefined ? undefined : Buffer.isBuffer(opts.stdin) ? opts.stdin : Buffer.from(opts.stdin)
    return this.limit(() =>
      this.withClient((oc) => execChannel(oc.client, built, stdin, opts.timeoutMs, () => this.drop)),
    )
  }

  /** Runs a line in an idle shell (or a new one: shellLimit bounds how many exist). */
  private async inShell(oc: OpenClient, line: string): Promise<RawResult> {
    let sh = this.idleShells.pop()
    while (sh && !sh.alive) sh = this.idleShells.pop()
    sh ??= await ShellSession.open(oc.client, () => this.drop)
    const r = await sh.run(line)
    if (sh.alive && this.opening) this.idleShells.push(sh)
    return r
  }

  async exec(cmd: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const r = await this.execRaw(cmd, opts)
    return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') }
  }

  private sftp(): Promise<SFTPWrapper> {
    if (!this.sftpP) {
      const p = this.withClient(
        (oc) => new Promise<SFTPWrapper>((resolve, reject) => oc.client.sftp((err, s) => (err ? reject(new KrunError('E_SSH_SFTP', `ssh: cannot start sftp on ${this.host}: ${err.message}`)) : resolve(s)))),
      )
      this.sftpP = p
      p.catch(() => {
        if (this.sftpP === p) this.sftpP = undefined
      })
    }
    return this.sftpP
  }

  async put(path: string, content: Buffer, opts: PutOptions = {}): Promise<void> {
    const sudo = needsSudo(opts.become, this.target.user)
    const staged = tempName(posix.dirname(path))
    const upload = sudo ? tempName('/tmp') : staged
    const sftp = await this.sftp()
    try {
      await this.withClient(() => uploadNew(sftp, upload, content))
    } catch (e) {
      if (!this.drop) await unlinkQuietly(sftp, upload)
      throw e instanceof UnreachableError ? e : uploadError(path, upload, e)
    }
    const asRoot = sudo ? opts.become!.user === 'root' : this.target.user === 'root'
    const script = finishPutScript(upload, path, staged, opts, asRoot)
    const r = await this.exec(script, opts.become ? { become: opts.become } : {})
    if (r.rc !== 0) throw new KrunError('E_SSH_PUT', `put ${path}: ${(r.stderr.trim() || `exit ${r.rc}`).split('\n').slice(-3).join('; ')}`)
  }

  async fetch(path: string, opts: { become?: Become } = {}): Promise<Buffer | null> {
    if (!needsSudo(opts.become, this.target.user)) {
      const sftp = await this.sftp()
      return this.withClient(() => readRemote(sftp, path))
    }
    const q = quote(path)
    const r = await this.execRaw(`if [ -e ${q} ]; then exec cat -- ${q}; else echo krun-enoent >&2; exit 44; fi`, { become: opts.become! })
    if (r.rc === 44 && r.stderr.toString().includes('krun-enoent')) return null
    if (r.rc !== 0) throw new KrunError('E_SSH_FETCH', `fetch ${path}: ${r.stderr.toString().trim() || `exit ${r.rc}`}`)
    return r.stdout
  }

  /** Cuts the transport at once (the network failing; Ctrl-C): calls in flight reject with UnreachableError. */
  abort(): void {
    void this.opening?.then((oc) => oc.client.destroy(), () => undefined)
  }

  async close(): Promise<void> {
    const p = this.opening
    this.opening = undefined
    this.sftpP = undefined
    this.idleShells = []
    if (!p) return
    const oc = await p.catch(() => undefined)
    if (!oc) return
    await new Promise<void>((resolve) => {
      oc.client.once('close', () => resolve())
      oc.end()
      setTimeout(resolve, 2000).unref()
    })
  }
}
