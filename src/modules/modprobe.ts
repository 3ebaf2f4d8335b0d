import { posix } from 'node:path'
import { shJoin } from '../connection/quote.js'
import { kmodCommand, parseKmod, type KmodFacts } from '../facts/kmod.js'
import { STR, toStr } from './lib/args.js'
import { persistEdits, persistedIn, unpersistEdits, type Edits } from './lib/modprobe-files.js'
import { splitArgs } from './lib/shlex.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef } from './types.js'

/** Arguments of `modprobe` (community.general.modprobe). */
export interface ModprobeArgs {
  name: string
  state?: 'present' | 'absent'
  params?: string
  persistent?: 'present' | 'absent' | 'disabled'
}

/** The load/unload command, or a ModuleFailure when the kernel cannot do it. */
function liveChange(name: string, present: boolean, params: string[], f: KmodFacts): Change | undefined {
  const loaded = f.loaded || f.builtin
  if (present === loaded) return undefined
  if (present && !f.loadable) {
    const why = f.sysfs ? `${name} is not built in` : `whether ${name} is built in cannot be seen (no /sys/module here)`
    throw new ModuleFailure(`cannot load ${name}: this kernel has no loadable module support (/proc/modules is missing) and ${why}`)
  }
  if (!present && f.builtin) throw new ModuleFailure(`cannot unload ${name}: it is built into the kernel`)
  return present
    ? { kind: 'exec', cmd: shJoin(['modprobe', name, ...params]), reason: `load module ${name}` }
    : { kind: 'exec', cmd: shJoin(['modprobe', '-r', name]), reason: `unload module ${name}` }
}

function noopReason(name: string, present: boolean, persistent: string, params: string[], f: KmodFacts): string {
  const live = present ? `${name} is loaded${f.builtin ? ' (built into the kernel)' : ''}` : `${name} is not loaded`
  const options = params.length ? `, options ${params.join(' ')}` : ''
  if (persistent === 'present') return `${live}; persistent in ${persistedIn(f.files, name).join(', ')}${options}`
  return persistent === 'absent' ? `${live}; not persistent` : live
}

/**
 * `modprobe`: a kernel module loaded or not, and (persistent) listed in /etc/modules-load.d
 * with its options in /etc/modprobe.d. One probe reads /proc/modules, /sys/module and the files.
 */
export const modprobe: ModuleDef<ModprobeArgs> = {
  name: 'modprobe',
  aliases: ['community.general.modprobe'],
  schema: {
    type: 'object',
    properties: {
      name: STR,
      state: { type: 'string', enum: ['present', 'absent'] },
      params: STR,
      persistent: { type: 'string', enum: ['present', 'absent', 'disabled'] },
    },
    required: ['name'],
    additionalProperties: false,
    // as Ansible: a module cannot be both unloaded and loaded at boot
    if: { properties: { state: { const: 'absent' } }, required: ['state'] },
    then: { properties: { persistent: { enum: ['absent', 'disabled'] } } },
  },
  async plan(args, ctx) {
    const name = toStr(args.name) ?? ''
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new ModuleFailure(`invalid module name: ${JSON.stringify(name)}`)
    const present = (args.state ?? 'present') === 'present'
    const persistent = args.persistent ?? 'disabled'
    if (!present && persistent === 'present') throw new ModuleFailure("persistent=present can't be used with state=absent")
    const params = splitArgs(toStr(args.params) ?? '')
    const f = parseKmod((await ctx.probe.exec(kmodCommand(name))).stdout)
    const live = liveChange(name, present, params, f)
    const edits: Edits = persistent === 'present' ? persistEdits(f.files, name, params) : persistent === 'absent' ? unpersistEdits(f.files, name) : new Map()
    const data = { name, state: present ? 'present' : 'absent', params: params.join(' ') }
    if (!live && edits.size === 0) return { changed: false, noop: noopReason(name, present, persistent, params, f), data }
    const changes: Change[] = []
    const diffs: FileDiff[] = []
    if (live) {
      changes.push(live)
      diffs.push({ path: `modprobe:${name}`, before: `state: ${present ? 'absent' : 'present'}\n`, after: `state: ${present ? 'present' : 'absent'}\n` })
    }
    const dirs = [...new Set([...edits.keys()].map((p) => posix.dirname(p)).filter((d) => f.missingDirs.includes(d)))]
    if (dirs.length) changes.push({ kind: 'exec', cmd: shJoin(['mkdir', '-p', '--', ...dirs]), reason: `create directories ${dirs.join(' ')}` })
    for (const [path, e] of edits) {
      changes.push({ kind: 'put', path, content: Buffer.from(e.after), ...(e.before === null ? { mode: '0644' } : {}) })
      diffs.push({ path, before: e.before, after: e.after })
    }
    return { changed: true, changes, diffs, data }
  },
}
