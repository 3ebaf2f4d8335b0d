import { chmod, mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { quote } from '../connection/quote.js'
import type { Become, Connection, ExecResult } from '../connection/types.js'
import type { Change } from '../modules/types.js'

/** What applying a plan produced: the last command's output (for register) or a failure. */
export interface Applied {
  /** The last exec change's result, if any ran. */
  exec?: ExecResult & { cmd: string }
  /** Set when a change failed: the message says which and why. */
  failure?: string
}

/**
 * Applies a plan's changes in order through the connection; stops at the first failure.
 * `tolerateRc` leaves the rc judgement to the caller (failed_when).
 */
export async function applyChanges(
  conn: Connection,
  changes: Change[],
  opts: { become?: Become; env?: Record<string, string>; tolerateRc?: boolean },
): Promise<Applied> {
  const out: Applied = {}
  for (const c of changes) {
    if (c.kind === 'put') {
      const validate = c.validate
      if (validate) {
        const bad = await validated(conn, c.path, c.content, validate, opts.become)
        if (bad) return { ...out, failure: bad }
      }
      await conn.put(c.path, c.content, { mode: c.mode, owner: c.owner, group: c.group, become: opts.become })
      continue
    }
    if (c.kind === 'local-put') {
      await writeLocal(c.path, c.content, c.mode)
      continue
    }
    const env = { ...opts.env, ...c.env }
    const r = await conn.exec(c.cmd, {
      stdin: c.stdin,
      cwd: c.cwd,
      env: Object.keys(env).length ? env : undefined,
      become: opts.become,
    })
    out.exec = { ...r, cmd: c.cmd }
    const ok = c.okRc ?? [0]
    if (!opts.tolerateRc && !ok.includes(r.rc)) {
      return { ...out, failure: commandFailure(c.cmd, r) }
    }
  }
  return out
}

/** A controller-side file (fetch): parents created, temporary name then rename, as a put does on a host. */
async function writeLocal(path: string, content: Buffer, mode?: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.krun-tmp-${process.pid}-${Date.now()}`
  await writeFile(tmp, content, mode ? { mode: parseInt(mode, 8) } : {})
  if (mode) await chmod(tmp, parseInt(mode, 8))
  await rename(tmp, path)
}

/** execa-style message: what ran, how it ended, then stderr. */
export function commandFailure(cmd: string, r: ExecResult): string {
  const tail = (r.stderr || r.stdout).trim()
  return `Command failed with exit code ${r.rc}: ${cmd}${tail ? `\n${tail}` : ''}`
}

/** Runs `validate` (with %s) against the new content in a temporary file beside the target. */
async function validated(
  conn: Connection,
  path: string,
  content: Buffer,
  validate: string,
  become?: Become,
): Promise<string | undefined> {
  const tmp = `${path}.krun-validate-${process.pid}-${Date.now()}`
  await conn.put(tmp, content, { mode: '0600', become })
  const cmd = validate.includes('%s') ? validate.split('%s').join(quote(tmp)) : `${validate} ${quote(tmp)}`
  const r = await conn.exec(`${cmd}; rc=$?; rm -f ${quote(tmp)}; exit $rc`, { become })
  return r.rc === 0 ? undefined : `failed to validate ${path}: ${commandFailure(validate, r)}`
}
