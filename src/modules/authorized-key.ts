import { posix } from 'node:path'
import { shJoin } from '../connection/quote.js'
import { parsePasswd, type PasswdEntry } from '../facts/accounts.js'
import { parseStat, statCommand, type FileStat } from '../facts/stat.js'
import { BOOL, STR, toBool, toStr } from './lib/args.js'
import { namedProbe } from './lib/named-probe.js'
import { editKeys, parseKeyLine, type KeyLine } from './lib/ssh-keys.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef, type Plan } from './types.js'

/** Arguments of `authorized_key`. */
export interface AuthorizedKeyArgs {
  user: string
  key: string
  path?: string
  state?: 'present' | 'absent'
  exclusive?: boolean | string
  manage_dir?: boolean | string
  key_options?: string
  comment?: string
}

/** The keys of the `key` argument (one per line), with key_options and comment applied. */
export function wantedKeys(args: Pick<AuthorizedKeyArgs, 'key' | 'key_options' | 'comment'>): KeyLine[] {
  if (/^https?:\/\//.test(args.key.trim())) throw new ModuleFailure('authorized_key: key URLs are not supported; give the key text (e.g. from a lookup)')
  const lines = args.key.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  if (lines.length === 0) throw new ModuleFailure('authorized_key: no key given')
  const options = toStr(args.key_options)
  const comment = toStr(args.comment)
  return lines.map((l) => {
    const k = parseKeyLine(l)
    if (!k) throw new ModuleFailure(`authorized_key: invalid key specified: ${l.length > 60 ? `${l.slice(0, 60)}...` : l}`)
    return { ...k, ...(options !== undefined ? { options } : {}), ...(comment !== undefined ? { comment } : {}) }
  })
}

/** The key file of a user: `path` (absolute, or `~/` relative to the home), else ~/.ssh/authorized_keys. */
export function keyFile(pw: PasswdEntry, path: string | undefined): string {
  if (path === undefined) return posix.join(pw.home, '.ssh/authorized_keys')
  if (path.startsWith('~/')) return posix.join(pw.home, path.slice(2))
  if (!posix.isAbsolute(path)) throw new ModuleFailure(`authorized_key: path must be absolute or start with ~/: ${path}`)
  return path
}

/** The directory changes manage_dir implies: create it 0700, or fix its mode and owner. */
function dirChanges(dir: string, st: FileStat | undefined, pw: PasswdEntry): { changes: Change[]; diffs: FileDiff[] } {
  const own = `${pw.uid}:${pw.gid}`
  if (!st?.exists) return { changes: [{ kind: 'exec', cmd: `${shJoin(['mkdir', '-m', '0700', '--', dir])} && ${shJoin(['chown', own, '--', dir])}`, reason: `create directory ${dir} (0700, owner ${pw.name})` }], diffs: [] }
  const before: string[] = []
  const after: string[] = []
  const changes: Change[] = []
  if (st.mode !== '0700') {
    changes.push({ kind: 'exec', cmd: shJoin(['chmod', '0700', '--', dir]), reason: `mode of ${dir}: ${st.mode} -> 0700` })
    before.push(`mode: ${st.mode}`)
    after.push('mode: 0700')
  }
  if (st.uid !== pw.uid || st.gid !== pw.gid) {
    changes.push({ kind: 'exec', cmd: shJoin(['chown', own, '--', dir]), reason: `owner of ${dir}: ${st.owner}:${st.group} -> ${pw.name}` })
    before.push(`owner: ${st.owner}:${st.group}`)
    after.push(`owner: ${pw.name}:${pw.gid}`)
  }
  const text = (l: string[]): string => l.map((x) => `${x}\n`).join('')
  return { changes, diffs: changes.length ? [{ path: dir, before: text(before), after: text(after) }] : [] }
}

/** The plan from the user's entry, the stats of the directory and file, and the file's text. */
export function keyPlan(args: AuthorizedKeyArgs, pw: PasswdEntry, stats: { dir?: FileStat; file?: FileStat }, current: string): Plan {
  const file = keyFile(pw, toStr(args.path))
  const dir = posix.dirname(file)
  const state = args.state ?? 'present'
  const keys = wantedKeys(args)
  const exists = stats.file?.exists === true
  const after = editKeys(exists ? current : '', { keys, state, exclusive: toBool(args.exclusive, 'exclusive', false) })
  const data = { user: pw.name, path: file, state }
  const manage = toBool(args.manage_dir, 'manage_dir', true) && state === 'present'
  const dirPlan = manage ? dirChanges(dir, stats.dir, pw) : { changes: [], diffs: [] }
  const same = after === current || (exists && after === `${current}\n`) || (!exists && state === 'absent')
  const changes = [...dirPlan.changes]
  const diffs = [...dirPlan.diffs]
  if (!same) {
    if (!stats.dir?.exists && !manage) throw new ModuleFailure(`authorized_key: directory ${dir} does not exist (manage_dir is false)`)
    changes.push({ kind: 'put', path: file, content: Buffer.from(after), mode: '0600', owner: pw.name, group: String(pw.gid) })
    diffs.push({ path: file, before: exists ? current : null, after })
  }
  if (changes.length === 0) {
    const n = keys.length === 1 ? 'the key is' : `all ${keys.length} keys are`
    return { changed: false, noop: state === 'present' ? `${n} in ${file}` : `${keys.length === 1 ? 'the key is' : `none of the ${keys.length} keys is`} not in ${file}`, data }
  }
  return { changed: true, changes, diffs, data }
}

/** `authorized_key`: SSH public keys present in (or absent from) a user's authorized_keys file. */
export const authorized_key: ModuleDef<AuthorizedKeyArgs> = {
  name: 'authorized_key',
  aliases: ['ansible.posix.authorized_key', 'ansible.builtin.authorized_key'],
  schema: {
    type: 'object',
    properties: {
      user: STR, key: STR, path: STR,
      state: { type: 'string', enum: ['present', 'absent'] },
      exclusive: BOOL, manage_dir: BOOL, key_options: STR, comment: STR,
    },
    required: ['user', 'key'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    wantedKeys(args)
    const r = await ctx.probe.exec(shJoin(['getent', 'passwd', args.user]))
    const pw = parsePasswd(r.stdout)
    if (!pw) throw new ModuleFailure(`Failed to lookup user ${args.user}: no such user`)
    // the path depends on the home directory: a second round trip stats and reads it
    const file = keyFile(pw, toStr(args.path))
    const probe = namedProbe([['stat', statCommand([posix.dirname(file), file])], ['text', `${shJoin(['cat', '--', file])} 2>/dev/null`]])
    const out = probe.read((await ctx.probe.exec(probe.cmd)).stdout)
    const [dir, st] = parseStat(out.get('stat') ?? '')
    return keyPlan(args, pw, { ...(dir ? { dir } : {}), ...(st ? { file: st } : {}) }, out.get('text') ?? '')
  },
}
