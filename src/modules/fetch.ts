import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, posix, resolve } from 'node:path'
import { UnreachableError } from '../connection/types.js'
import { probeStatOne } from '../facts/stat.js'
import { BOOL, STR, toBool, toStr } from './lib/args.js'
import { diffText } from './lib/content-diff.js'
import { sha256 } from './lib/content.js'
import { ModuleFailure, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `fetch`. */
export interface FetchArgs {
  src: string
  dest: string
  flat?: boolean | string
  fail_on_missing?: boolean | string
  validate_checksum?: boolean | string
}

/** Where the copy goes on the controller: dest/<host>/<src path>, or with flat dest itself (dest/ + file name). */
export function localDest(src: string, dest: string, flat: boolean, ctx: PlanContext): string {
  const base = typeof ctx.vars.playbook_dir === 'string' ? ctx.vars.playbook_dir : process.cwd()
  const root = isAbsolute(dest) ? dest : resolve(base, dest)
  if (flat) return dest.endsWith('/') ? join(root, posix.basename(src)) : root
  return join(root, ctx.host, posix.normalize(`/${src}`))
}

/**
 * `fetch`: copies a file from the target to the controller. The target is only read (stat
 * and hash, then the content when it differs); the write is a `local-put` change the engine
 * makes on the controller.
 */
export const fetch: ModuleDef<FetchArgs> = {
  name: 'fetch',
  aliases: ['ansible.builtin.fetch', 'ansible.legacy.fetch'],
  schema: {
    type: 'object',
    properties: { src: STR, dest: STR, flat: BOOL, fail_on_missing: BOOL, validate_checksum: BOOL },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const src = toStr(args.src) ?? ''
    const destArg = toStr(args.dest) ?? ''
    if (!src || !destArg) throw new ModuleFailure('fetch: src and dest are required')
    const dest = localDest(src, destArg, toBool(args.flat, 'flat', false), ctx)
    const data: Record<string, unknown> = { src, dest, file: src }
    const st = await probeStatOne(ctx.probe, src, { hash: true, follow: true })
    if (!st.exists) {
      const msg = 'the remote file does not exist, not transferring'
      if (toBool(args.fail_on_missing, 'fail_on_missing', true)) throw new ModuleFailure(`${msg}: ${src}`, data)
      return { changed: false, noop: `${msg}, ignored`, data }
    }
    if (st.type === 'directory') throw new ModuleFailure(`remote file is a directory, fetch cannot work on directories: ${src}`, data)
    if (!st.sha256) throw new ModuleFailure(`unable to read ${src} on ${ctx.host} (permission denied?)`, data)
    data.remote_checksum = st.sha256
    const local = existsSync(dest) ? statSync(dest) : undefined
    if (local?.isDirectory()) throw new ModuleFailure(`dest ${dest} is a directory on the controller; use dest ending in / with flat=yes`, data)
    const before = local ? readFileSync(dest) : undefined
    if (before && sha256(before) === st.sha256) return { changed: false, noop: `${dest} matches the remote file (sha256 ${st.sha256.slice(0, 12)})`, data: { ...data, checksum: st.sha256 } }
    let content: Buffer | null
    try {
      content = await ctx.probe.fetch(src)
    } catch (e) {
      if (e instanceof UnreachableError) throw e
      throw new ModuleFailure(`unable to fetch ${src}: ${(e as Error).message}`, data)
    }
    if (content === null) throw new ModuleFailure(`the remote file disappeared while fetching: ${src}`, data)
    const got = sha256(content)
    if (toBool(args.validate_checksum, 'validate_checksum', true) && got !== st.sha256) {
      throw new ModuleFailure(`checksum mismatch: ${src} changed while it was fetched (sha256 ${st.sha256} then ${got})`, data)
    }
    const diff = ctx.noLog
      ? { path: dest, before: before ? '' : null, after: '', redacted: 'content hidden (no_log)' }
      : { path: dest, before: before ? diffText(before) : null, after: diffText(content) }
    return { changed: true, changes: [{ kind: 'local-put', path: dest, content }], diffs: [diff], data: { ...data, checksum: got } }
  },
}
