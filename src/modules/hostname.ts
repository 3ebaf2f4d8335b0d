import { shJoin } from '../connection/quote.js'
import { hostnameCommand, parseHostname, staticHostname } from '../facts/hostname.js'
import { STR, toStr } from './lib/args.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef } from './types.js'

/** Arguments of `hostname`. */
export interface HostnameArgs {
  name: string
  use?: (typeof STRATEGIES)[number]
}

// systemd: hostnamectl; the others write /etc/hostname and run `hostname` (krun targets Linux only)
const STRATEGIES = ['systemd', 'debian', 'generic', 'alpine', 'openrc', 'redhat', 'sles'] as const

/** RFC 1123 names, up to 64 characters (what hostnamectl and sethostname accept). */
const VALID = /^(?=.{1,64}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/

/**
 * `hostname`: the running and the permanent hostname. With systemd as init (or use=systemd)
 * through hostnamectl; otherwise /etc/hostname and `hostname NAME`.
 */
export const hostname: ModuleDef<HostnameArgs> = {
  name: 'hostname',
  aliases: ['ansible.builtin.hostname'],
  schema: {
    type: 'object',
    properties: { name: STR, use: { type: 'string', enum: [...STRATEGIES] } },
    required: ['name'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const name = (toStr(args.name) ?? '').trim()
    if (!VALID.test(name)) throw new ModuleFailure(`invalid hostname ${JSON.stringify(name)}: letters, digits, '-' and '.' only, at most 64 characters`)
    const f = parseHostname((await ctx.probe.exec(hostnameCommand())).stdout)
    const systemd = args.use === undefined ? f.hostnamectl : args.use === 'systemd'
    if (systemd && !f.hostnamectl) throw new ModuleFailure('use=systemd needs systemd running as init and hostnamectl installed')
    const permanentOk = staticHostname(f.file) === name
    const currentOk = f.current === name
    const data = { name, strategy: systemd ? 'systemd' : 'file' }
    if (permanentOk && currentOk) return { changed: false, noop: `hostname is ${name} (running and in /etc/hostname)`, data }
    const changes: Change[] = []
    const diffs: FileDiff[] = []
    const after = `${name}\n`
    if (systemd) {
      // without flags hostnamectl sets the static, pretty and running names at once
      changes.push({ kind: 'exec', cmd: shJoin(permanentOk ? ['hostnamectl', '--transient', 'set-hostname', name] : ['hostnamectl', 'set-hostname', name]), reason: `set hostname ${name}` })
    } else {
      if (!permanentOk) changes.push({ kind: 'put', path: '/etc/hostname', content: Buffer.from(after), ...(f.file === null ? { mode: '0644' } : {}) })
      if (!currentOk) changes.push({ kind: 'exec', cmd: shJoin(['hostname', name]), reason: `set the running hostname to ${name}` })
    }
    if (!permanentOk) diffs.push({ path: '/etc/hostname', before: f.file, after })
    if (!currentOk) diffs.push({ path: 'hostname', before: `running: ${f.current}\n`, after: `running: ${name}\n` })
    return { changed: true, changes, diffs, data }
  },
}
