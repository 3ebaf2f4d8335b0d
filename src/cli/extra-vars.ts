import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { KrunError } from '../core/errors.js'
import type { Vars } from '../playbook/types.js'

/** `-e k=v k2='a b'`, `-e '{"k": 1}'`, `-e @vars.yml`: later ones win, as in Ansible. */
export function parseExtraVars(values: string[], cwd = process.cwd()): Vars {
  const out: Vars = {}
  for (const v of values) Object.assign(out, one(v.trim(), cwd))
  return out
}

function one(v: string, cwd: string): Vars {
  if (v.startsWith('@')) {
    const file = resolve(cwd, v.slice(1))
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      throw new KrunError('E_EXTRA_VARS', `-e ${v}: cannot read ${file}`)
    }
    return asVars(text, file)
  }
  if (v.startsWith('{') || v.startsWith('---')) return asVars(v, '-e')
  const out: Vars = {}
  for (const m of v.matchAll(/([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = m[2] ?? ''
    out[m[1]!] = /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\"/g, '"') : raw
  }
  if (Object.keys(out).length === 0) throw new KrunError('E_EXTRA_VARS', `-e '${v}': expected key=value, JSON/YAML, or @file`)
  return out
}

function asVars(text: string, where: string): Vars {
  let data: unknown
  try {
    data = parseYaml(text)
  } catch (e) {
    throw new KrunError('E_EXTRA_VARS', `${where}: not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}`)
  }
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) throw new KrunError('E_EXTRA_VARS', `${where}: extra vars must be a mapping`)
  return data as Vars
}
