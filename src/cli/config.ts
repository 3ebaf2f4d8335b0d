import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** The [defaults] settings krun reads from krun.cfg or ansible.cfg (Ansible's names). */
export interface Config {
  file?: string
  inventory?: string
  forks?: number
  remoteUser?: string
  privateKeyFile?: string
  retryFilesEnabled: boolean
  retryFilesSavePath?: string
  hostKeyChecking: boolean
  timeout?: number
}

/** First found wins, as Ansible: $KRUN_CONFIG, $ANSIBLE_CONFIG, ./krun.cfg, ./ansible.cfg, ~/.krun.cfg, ~/.ansible.cfg. */
export function loadConfig(cwd = process.cwd()): Config {
  const candidates = [process.env.KRUN_CONFIG, process.env.ANSIBLE_CONFIG, join(cwd, 'krun.cfg'), join(cwd, 'ansible.cfg'), join(homedir(), '.krun.cfg'), join(homedir(), '.ansible.cfg')]
  const file = candidates.find((f): f is string => !!f && existsSync(f))
  const d = file ? readDefaults(readFileSync(file, 'utf8')) : {}
  const bool = (v: string | undefined, dflt: boolean): boolean => (v === undefined ? dflt : /^(1|true|yes|on)$/i.test(v))
  const num = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined)
  return {
    file,
    inventory: d.inventory ? resolve(file ? join(file, '..') : cwd, d.inventory) : undefined,
    forks: num(d.forks),
    remoteUser: d.remote_user,
    privateKeyFile: d.private_key_file,
    retryFilesEnabled: bool(d.retry_files_enabled, false),
    retryFilesSavePath: d.retry_files_save_path,
    hostKeyChecking: bool(d.host_key_checking, true),
    timeout: num(d.timeout),
  }
}

/** The key = value lines of the [defaults] section. */
function readDefaults(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  let inDefaults = false
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    const sec = /^\[(.+)\]$/.exec(line)
    if (sec) {
      inDefaults = sec[1]!.trim() === 'defaults'
      continue
    }
    const kv = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(line)
    if (inDefaults && kv) out[kv[1]!] = kv[2]!.replace(/\s+[#;].*$/, '').trim()
  }
  return out
}
