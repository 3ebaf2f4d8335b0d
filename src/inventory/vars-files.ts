import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { KrunError } from '../core/errors.js'
import { describe, parseYamlFile } from './yaml-doc.js'

/** Extensions Ansible tries after the bare name, in this order (YAML_FILENAME_EXTENSIONS). */
const EXTS = ['.yml', '.yaml', '.json']

export type VarsKind = 'group_vars' | 'host_vars'
type Vars = Record<string, unknown>

/**
 * The `group_vars/` and `host_vars/` directories beside the inventory sources and beside the
 * playbook. For an entity `name` each directory contributes `<name>`, else `<name>.yml`,
 * `.yaml` or `.json` (the first that exists); a directory `<name>/` contributes all its
 * YAML/JSON files, recursively, merged in sorted order.
 */
export class VarsDirs {
  private readonly listings = new Map<string, Map<string, string>>()
  private readonly loaded = new Map<string, Vars | undefined>()

  constructor(
    readonly inventoryDirs: string[],
    readonly playDirs: string[],
  ) {}

  /** One merged record per directory that has vars for the entity, in precedence order. */
  layers(kind: VarsKind, name: string, where: 'inventory' | 'play'): Vars[] {
    const dirs = where === 'inventory' ? this.inventoryDirs : this.playDirs
    return dirs.map((d) => this.at(kind, name, d)).filter((v): v is Vars => v !== undefined)
  }

  /** The vars one directory holds for the entity, if any. */
  at(kind: VarsKind, name: string, dir: string): Vars | undefined {
    const path = this.listing(join(dir, kind)).get(name)
    return path === undefined ? undefined : this.load(path)
  }

  /** Inventory layers then playbook layers, merged (later keys replace earlier ones). */
  merged(kind: VarsKind, name: string): Vars {
    return Object.assign({}, ...this.layers(kind, name, 'inventory'), ...this.layers(kind, name, 'play')) as Vars
  }

  private listing(dir: string): Map<string, string> {
    let map = this.listings.get(dir)
    if (map) return map
    map = new Map()
    const rank = new Map<string, number>()
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      for (const entry of readdirSync(dir).sort()) {
        if (entry.startsWith('.')) continue
        const ext = extname(entry)
        const r = EXTS.indexOf(ext) + 1
        const entity = r > 0 ? entry.slice(0, -ext.length) : entry
        for (const [name, rk] of r > 0 ? [[entity, r], [entry, 0]] as const : [[entry, 0]] as const) {
          if ((rank.get(name) ?? Infinity) > rk) {
            rank.set(name, rk)
            map.set(name, join(dir, entry))
          }
        }
      }
    }
    this.listings.set(dir, map)
    return map
  }

  private load(path: string): Vars | undefined {
    if (this.loaded.has(path)) return this.loaded.get(path)
    const files = statSync(path).isDirectory() ? dirFiles(path) : [path]
    const vars = files.length ? (Object.assign({}, ...files.map(loadVarsFile)) as Vars) : undefined
    this.loaded.set(path, vars)
    return vars
  }
}

/** Files of a vars directory: sorted, hidden and backup files skipped, subdirectories walked. */
function dirFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue
    const full = join(dir, entry)
    const ext = extname(entry)
    const isDir = statSync(full).isDirectory()
    if (isDir && !ext) out.push(...dirFiles(full))
    else if (!isDir && (!ext || EXTS.includes(ext))) out.push(full)
  }
  return out
}

/** Reads one vars file: a YAML/JSON mapping, or nothing. */
export function loadVarsFile(path: string): Vars {
  const y = parseYamlFile(readFileSync(path, 'utf8'), path, 'E_VARS_FILE')
  const value: unknown = y.doc.toJS()
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new KrunError('E_VARS_FILE', `expected a mapping of variables, found ${describe(value)}`, { file: path, line: 1 })
  }
  return value as Vars
}
