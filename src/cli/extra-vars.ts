import { resolve } from 'node:path'
import { KrunError } from '../core/errors.js'
import { loadYamlFile, parseYaml } from '../playbook/index.js'
import type { Vars } from '../playbook/types.js'

/** `-e k=v k2='a b'`, `-e '{"k": 1}'`, `-e @vars.yml`: later ones win, as in Ansible. */
export function parseExtraVars(values: string[], cwd = process.cwd()): Vars {
  const out: Vars = {}
  for (const v of values) Object.assign(out, one(v.trim(), cwd))
  return out
}

function one(v: string, cwd: string): Vars {
  // Files and inline YAML are read with the playbook's YAML rules, so errors carry file:line:col
  if (v.startsWith('@')) {
    const file = resolve(cwd, v.slice(1))
    return asVars(loadYamlFile(file, undefined, { file: `-e ${v}` }).value, file)
  }
  if (v.startsWith('{') || v.startsWith('---')) return asVars(parseYaml(v, '-e').value, '-e')
  const out: Vars = {}
  for (const m of v.matchAll(/([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = m[2] ?? ''
    out[m[1]!] = /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\"/g, '"') : raw
  }
  if (Object.keys(out).length === 0) throw new KrunError('E_EXTRA_VARS', `-e '${v}': expected key=value, JSON/YAML, or @file`)
  return out
}

function asVars(data: unknown, where: string): Vars {
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) throw new KrunError('E_EXTRA_VARS', 'extra vars must be a mapping', { file: where, line: 1 })
  return data as Vars
}
