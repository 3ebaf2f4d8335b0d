/** How to run a command as another user (sudo on the target). */
export interface Become {
  user: string
  /** sudo password, fed on stdin with `sudo -S`; never echoed into output. */
  password?: string
}

export interface ExecOptions {
  stdin?: string | Buffer
  env?: Record<string, string>
  cwd?: string
  /** Kill the command (and report rc 124-like failure) after this many ms. */
  timeoutMs?: number
  become?: Become
}

export interface ExecResult {
  rc: number
  stdout: string
  stderr: string
}

export interface PutOptions {
  /** Octal string, e.g. '0644'. */
  mode?: string
  owner?: string
  group?: string
  become?: Become
}

/**
 * A channel to one host. Implementations: local (this machine) and ssh (ssh2: exec
 * channels on one connection, SFTP for files). Opened lazily on first use.
 */
export interface Connection {
  /** Inventory name of the host this connection reaches. */
  readonly host: string
  /** Runs one `sh -c` command line (build it with connection/quote.ts). Never throws for rc != 0. */
  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult>
  /** Writes a file atomically: temporary name in the same directory, chmod/chown, rename. */
  put(path: string, content: Buffer, opts?: PutOptions): Promise<void>
  /** Reads a file; null when it does not exist. */
  fetch(path: string, opts?: { become?: Become }): Promise<Buffer | null>
  close(): Promise<void>
}

/**
 * Thrown by a connection when the host cannot be reached or the link dropped: the engine
 * turns it into an `unreachable` result for that host.
 */
export class UnreachableError extends Error {
  readonly code = 'E_UNREACHABLE'
  constructor(message: string) {
    super(message)
    this.name = 'UnreachableError'
  }
}
