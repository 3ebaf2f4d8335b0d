/**
 * A kernel parameter as the sysctl module needs it, in one command: its live value under
 * /proc/sys, the sysctl file's content, and whether the file's directory exists.
 */
import { posix } from 'node:path'
import { quote } from '../connection/quote.js'

/** What the probe found. */
export interface SysctlFacts {
  /** The live value (newlines as spaces); undefined when there is no such key. */
  live?: string
  /** The key exists but its value cannot be read (write-only entries). */
  unreadable?: boolean
  /** The sysctl file's content; null when there is no such file. */
  file: string | null
  /** The sysctl file's directory exists. */
  dirExists: boolean
}

/** /proc/sys path of a key: dots are separators (`net.ipv4.ip_forward`), unless the key already uses slashes. */
export function procPath(name: string): string {
  return `/proc/sys/${name.includes('/') ? name.replace(/^\/+/, '') : name.replace(/\./g, '/')}`
}

/** One sh command line that prints SysctlFacts (parse with parseSysctl). */
export function sysctlCommand(name: string, file: string): string {
  const p = quote(procPath(name))
  const f = quote(file)
  return [
    `if [ -e ${p} ]; then if v=$(tr '\\n' ' ' < ${p}); then printf 'live=%s\\n' "$v"; else echo live-unreadable; fi; else echo live-none; fi`,
    `if [ -d ${quote(posix.dirname(file))} ]; then echo dir=yes; else echo dir=no; fi`,
    `if [ -f ${f} ]; then echo file=yes; cat -- ${f}; else echo file=no; fi`,
  ].join('; ')
}

/** Parses sysctlCommand's output: three status lines, then the file's content verbatim. */
export function parseSysctl(output: string): SysctlFacts {
  const [live = '', dir = '', file = ''] = output.split('\n', 3)
  const rest = output.split('\n').slice(3).join('\n')
  return {
    ...(live.startsWith('live=') ? { live: live.slice(5) } : {}),
    ...(live === 'live-unreadable' ? { unreadable: true } : {}),
    file: file === 'file=yes' ? rest : null,
    dirExists: dir === 'dir=yes',
  }
}

/** A value as sysctl compares it: whitespace-separated tokens, one space apart. */
export function normaliseValue(v: string): string {
  return v.trim().split(/\s+/).join(' ')
}
