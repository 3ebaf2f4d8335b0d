import { posix } from 'node:path'
import { shJoin } from '../connection/quote.js'
import { normaliseValue, parseSysctl, procPath, sysctlCommand } from '../facts/sysctl.js'
import { BOOL, STR, toBool, toStr } from './lib/args.js'
import { confValue, setConf } from './lib/sysctl-conf.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef } from './types.js'

/** Arguments of `sysctl` (ansible.posix.sysctl's names and aliases). */
export interface SysctlArgs {
  name?: string
  key?: string
  value?: string | number | boolean
  val?: string | number | boolean
  state?: 'present' | 'absent'
  sysctl_file?: string
  reload?: boolean | string
  sysctl_set?: boolean | string
  ignoreerrors?: boolean | string
}

/** krun's default file: its own drop-in, not the distribution's /etc/sysctl.conf. */
export const DEFAULT_SYSCTL_FILE = '/etc/sysctl.d/99-krun.conf'

const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't'])
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f'])

/** A value as Ansible writes it: booleans (and their words) as 1/0, text trimmed. */
export function sysctlValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0'
  const s = String(v ?? '').trim()
  return TRUE.has(s.toLowerCase()) ? '1' : FALSE.has(s.toLowerCase()) ? '0' : s
}

const name = { anyOf: ['name', 'key'].map((k) => ({ properties: { [k]: STR }, required: [k] })) }
const VALUE = { type: ['string', 'number', 'boolean'] } as const

/**
 * `sysctl`: a kernel parameter in a sysctl file and, when it differs, live (sysctl -p FILE
 * with reload, sysctl -w with sysctl_set). One probe reads /proc/sys and the file.
 */
export const sysctl: ModuleDef<SysctlArgs> = {
  name: 'sysctl',
  aliases: ['ansible.posix.sysctl'],
  schema: {
    type: 'object',
    properties: {
      name: STR, key: STR, value: VALUE, val: VALUE,
      state: { type: 'string', enum: ['present', 'absent'] },
      sysctl_file: STR, reload: BOOL, sysctl_set: BOOL, ignoreerrors: BOOL,
    },
    additionalProperties: false,
    ...name,
    // state=present (the default) needs a value
    if: { not: { properties: { state: { const: 'absent' } }, required: ['state'] } },
    then: { anyOf: ['value', 'val'].map((k) => ({ properties: { [k]: VALUE }, required: [k] })) },
  },
  async plan(args, ctx) {
    const key = (toStr(args.name ?? args.key) ?? '').trim()
    if (!/^[A-Za-z0-9_][\w.:@/-]*$/.test(key) || key.split('/').includes('..')) throw new ModuleFailure(`invalid sysctl key: ${JSON.stringify(key)}`)
    const file = toStr(args.sysctl_file) ?? DEFAULT_SYSCTL_FILE
    const present = (args.state ?? 'present') === 'present'
    const raw = args.value ?? args.val
    if (present && raw === undefined) throw new ModuleFailure('state is present but all of the following are missing: value')
    const value = sysctlValue(raw)
    const reload = toBool(args.reload, 'reload', true)
    const set = toBool(args.sysctl_set, 'sysctl_set', false)
    const ignore = toBool(args.ignoreerrors, 'ignoreerrors', false)
    const f = parseSysctl((await ctx.probe.exec(sysctlCommand(key, file))).stdout)
    if (present && f.live === undefined && !f.unreadable && !ignore) throw new ModuleFailure(`unknown sysctl key ${key}: ${procPath(key)} does not exist`)
    const inFile = confValue(f.file, key)
    const fileOk = present ? inFile !== undefined && normaliseValue(inFile) === normaliseValue(value) : inFile === undefined
    const liveDiffers = present && f.live !== undefined && normaliseValue(f.live) !== normaliseValue(value)
    const applyLive = liveDiffers && (reload || set)
    const data = { name: key, ...(present ? { value } : {}), sysctl_file: file }
    if (fileOk && !applyLive) {
      const where = present ? `${key}=${value} in ${file}` : `${key} is not in ${file}`
      const live = !present || f.live === undefined ? '' : liveDiffers ? ` (live value ${normaliseValue(f.live)} left alone: reload and sysctl_set are off)` : ' and live'
      return { changed: false, noop: `${where}${live}`, data }
    }
    const changes: Change[] = []
    const diffs: FileDiff[] = []
    if (!fileOk) {
      const after = setConf(f.file, key, present ? value : undefined)
      if (!f.dirExists) changes.push({ kind: 'exec', cmd: shJoin(['mkdir', '-p', '--', posix.dirname(file)]), reason: `create directory ${posix.dirname(file)}` })
      changes.push({ kind: 'put', path: file, content: Buffer.from(after), ...(f.file === null ? { mode: '0644' } : {}) })
      diffs.push({ path: file, before: f.file, after })
    }
    if (applyLive) {
      const e = ignore ? ['-e'] : []
      const cmd = reload ? shJoin(['sysctl', ...e, '-p', file]) : shJoin(['sysctl', ...e, '-w', `${key}=${value}`])
      changes.push({ kind: 'exec', cmd, reason: `set ${key} live: ${normaliseValue(f.live ?? '')} -> ${normaliseValue(value)}` })
      diffs.push({ path: `sysctl:${key}`, before: `value: ${normaliseValue(f.live ?? '')}\n`, after: `value: ${normaliseValue(value)}\n` })
    }
    return { changed: true, changes, diffs, data }
  },
}
