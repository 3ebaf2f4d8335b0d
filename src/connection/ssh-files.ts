/**
 * Files over SFTP. put: upload to `.krun-tmp-<random>` beside the target (with become: in
 * /tmp, then sudo copies it beside the target), then one exec sets mode and owner and
 * renames it into place, so readers see the old file or the new one, never a part.
 * Temp files of uploads cut off by a dropped connection are removed by a later put into
 * the same directory once they are STALE_MINUTES old (a live upload keeps its mtime fresh).
 */
import { randomBytes } from 'node:crypto'
import { posix } from 'node:path'
import type { SFTPWrapper } from 'ssh2'
import { KrunError } from '../core/errors.js'
import { quote } from './quote.js'
import type { PutOptions } from './types.js'

/** Age after which a leftover temp file is removed by the next put in its directory. */
export const STALE_MINUTES = 30
const CHUNK = 32 * 1024
const IN_FLIGHT = 16
/** SFTP status code for a missing file. */
const NO_SUCH_FILE = 2

/** A temp name in dir. */
export function tempName(dir: string): string {
  return posix.join(dir, `.krun-tmp-${randomBytes(6).toString('hex')}`)
}

const sftpCall = <T>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))))

/** Writes content to a new file (exclusive create, mode 0600) with pipelined writes. */
export async function uploadNew(sftp: SFTPWrapper, path: string, content: Buffer): Promise<void> {
  const handle = await sftpCall<Buffer>((cb) => sftp.open(path, 'wx', { mode: 0o600 }, cb))
  try {
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < content.length) {
        const off = next
        const len = Math.min(CHUNK, content.length - off)
        next += len
        await sftpCall<void>((cb) => sftp.write(handle, content, off, len, off, (e) => cb(e)))
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  } finally {
    await sftpCall<void>((cb) => sftp.close(handle, (e) => cb(e))).catch(() => undefined)
  }
}

/** Removes a file, ignoring failures (cleanup after a failed upload). */
export function unlinkQuietly(sftp: SFTPWrapper, path: string): Promise<void> {
  return sftpCall<void>((cb) => sftp.unlink(path, (e) => cb(e))).catch(() => undefined)
}

/** Reads a whole file; null when it does not exist. */
export async function readRemote(sftp: SFTPWrapper, path: string): Promise<Buffer | null> {
  try {
    return await sftpCall<Buffer>((cb) => sftp.readFile(path, cb))
  } catch (e) {
    if ((e as { code?: number }).code === NO_SUCH_FILE) return null
    throw new KrunError('E_SSH_FETCH', `fetch ${path}: ${(e as Error).message}`)
  }
}

/**
 * The shell script that finishes a put: (copy the upload beside the target,) set mode and
 * owner, rename over the target, and sweep stale temp files. Without a mode or owner, an
 * existing target's are kept; a new file gets 0666 minus the umask.
 */
export function finishPutScript(upload: string, dest: string, staged: string, opts: PutOptions, asRoot: boolean): string {
  const dir = posix.dirname(dest)
  const t = quote(staged)
  const d = quote(dest)
  const lines = [`trap 'rm -f ${quote(upload)} ${quote(staged)}' EXIT`, 'set -e']
  if (upload !== staged) lines.push(`cp ${quote(upload)} ${t}`)
  lines.push(
    opts.mode !== undefined
      ? `chmod ${quote(opts.mode)} ${t}`
      : `if [ -e ${d} ]; then chmod --reference=${d} ${t}; else chmod "$(printf %o $((0666 & ~$(umask))))" ${t}; fi`,
  )
  if (opts.owner !== undefined || opts.group !== undefined) {
    lines.push(`chown ${quote(`${opts.owner ?? ''}${opts.group !== undefined ? `:${opts.group}` : ''}`)} ${t}`)
  } else if (asRoot) {
    lines.push(`if [ -e ${d} ]; then chown --reference=${d} ${t}; fi`)
  }
  lines.push(`mv -f ${t} ${d}`)
  // Only spawn find when some temp file is there at all.
  lines.push(
    `set -- ${quote(dir)}/.krun-tmp-*`,
    `if [ -e "$1" ]; then find ${quote(dir)} -maxdepth 1 -name '.krun-tmp-*' -mmin +${STALE_MINUTES} -exec rm -f {} + || true; fi`,
  )
  return lines.join('\n')
}

/** Missing directory or permission errors of an upload, in user terms. */
export function uploadError(dest: string, tmp: string, e: unknown): KrunError {
  const code = (e as { code?: number }).code
  const msg = code === NO_SUCH_FILE ? `directory ${posix.dirname(tmp)} does not exist` : (e as Error).message
  return new KrunError('E_SSH_PUT', `put ${dest}: ${msg}`)
}
