import { probeStatOne, type FileStat } from '../facts/stat.js'
import { BOOL, STR, toBool, toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `stat`. */
export interface StatArgs {
  path: string
  follow?: boolean | string
  get_checksum?: boolean | string
  checksum_algorithm?: 'sha1' | 'sha256'
}

/** A FileStat in the shape Ansible's stat module registers (`result.stat.exists`, `.isdir`...). */
export function ansibleStat(path: string, st: FileStat): Record<string, unknown> {
  if (!st.exists) return { exists: false }
  const out: Record<string, unknown> = {
    exists: true,
    path,
    isdir: st.type === 'directory',
    isreg: st.type === 'file',
    islnk: st.type === 'link',
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    pw_name: st.owner,
    gr_name: st.group,
    size: st.size,
    mtime: st.mtime,
    atime: st.atime,
    nlink: st.nlink,
    inode: st.inode,
    dev: st.dev,
    isuid: (parseInt(st.mode, 8) & 0o4000) !== 0,
    isgid: (parseInt(st.mode, 8) & 0o2000) !== 0,
  }
  if (st.linkTarget !== undefined) out.lnk_target = st.linkTarget
  const checksum = st.sha1 ?? st.sha256
  if (checksum) out.checksum = checksum
  return out
}

/** `stat`: reads a path's attributes (and checksum) into `register`; never changes anything. */
export const stat: ModuleDef<StatArgs> = {
  name: 'stat',
  aliases: ['ansible.builtin.stat', 'ansible.legacy.stat'],
  schema: {
    type: 'object',
    properties: {
      path: STR,
      follow: BOOL,
      get_checksum: BOOL,
      checksum_algorithm: { type: 'string', enum: ['sha1', 'sha256'] },
      // accepted for compatibility with existing playbooks; krun never computes these
      get_mime: BOOL,
      get_attributes: BOOL,
      get_md5: BOOL,
    },
    required: ['path'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const path = toStr(args.path)
    if (!path) throw new ModuleFailure('stat: missing required argument: path')
    const algo = args.checksum_algorithm ?? 'sha1'
    if (algo !== 'sha1' && algo !== 'sha256') throw new ModuleFailure(`stat: unsupported checksum_algorithm '${String(algo)}'`)
    const hash = toBool(args.get_checksum, 'get_checksum', true) ? algo : false
    const st = await probeStatOne(ctx.probe, path, { hash, follow: toBool(args.follow, 'follow', false) })
    return { changed: false, noop: st.exists ? `${path} exists` : `${path} does not exist`, data: { stat: ansibleStat(path, st) } }
  },
}
