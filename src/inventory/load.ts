import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import { KrunError } from '../core/errors.js'
import { parseIni } from './ini.js'
import { InventoryData } from './model.js'
import { parseAddress } from './ranges.js'
import type { Inventory } from './types.js'
import { VarsDirs } from './vars-files.js'
import { parseYamlInventory } from './yaml.js'

/** Options of {@link loadInventory}. */
export interface LoadInventoryOptions {
  /** Directories whose group_vars/ and host_vars/ override the inventory's (the playbook's dir). */
  extraVarsDirs?: string[]
}

const YAML_EXTS = ['.yml', '.yaml', '.json']
/** Ansible's INVENTORY_IGNORE_EXTS (ansible-core 2.19 default). */
const IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.cfg', '.retry']
const IGNORED_NAMES = ['group_vars', 'host_vars', 'vars_plugins']

/**
 * Loads and merges inventory sources, as `-i` does (it may repeat):
 * - a file: YAML when named .yml/.yaml/.json or when its first line looks like YAML, else INI;
 * - a directory: every file in it (sorted, recursively; hidden files, group_vars/host_vars
 *   and Ansible's ignored extensions such as .retry/.md/~ skipped);
 * - a comma-separated host list `h1,h2,` (Ansible's trick: a source that is no path and has a comma).
 * group_vars/ and host_vars/ are read beside each file source (in a directory source: in it),
 * then in `extraVarsDirs`, which win. With no sources the inventory is empty and only the
 * implicit localhost exists (see `implicitLocalhost`). A missing source is an error.
 */
export function loadInventory(sources: string[], opts: LoadInventoryOptions = {}): Inventory {
  const inv = new InventoryData()
  const varsDirs: string[] = []
  for (const source of sources) {
    if (!existsSync(source)) {
      if (source.includes(',')) {
        hostList(source, inv)
        continue
      }
      throw new KrunError('E_INVENTORY_SOURCE', `inventory source not found: ${source}`, undefined, "pass a file, a directory, or a host list with a comma: 'h1,h2,'")
    }
    inv.sources.push(source)
    if (statSync(source).isDirectory()) {
      loadDir(source, inv)
      varsDirs.push(resolve(source))
    } else {
      loadFile(source, inv)
      varsDirs.push(resolve(dirname(source)))
    }
  }
  inv.varsDirs = new VarsDirs(unique(varsDirs), unique((opts.extraVarsDirs ?? []).map((d) => resolve(d))))
  inv.reconcile()
  // read every vars file now so that a broken one fails the load, not a task later
  for (const g of inv.groups.keys()) inv.varsDirs.merged('group_vars', g)
  for (const h of inv.hosts.values()) Object.assign(h.vars, inv.varsDirs.merged('host_vars', h.name))
  inv.changed()
  return inv
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)]
}

/** Ansible's host_list plugin: no ranges, an optional :port, all in 'ungrouped'. */
function hostList(source: string, inv: InventoryData): void {
  for (const raw of source.split(',')) {
    const h = raw.trim()
    if (!h) continue
    const parsed = parseAddress(h)
    const name = parsed && !parsed.host.includes('[') ? parsed.host : h
    if (!inv.hosts.has(name)) inv.addHost(name, 'ungrouped', parsed?.port)
  }
}

function loadDir(dir: string, inv: InventoryData): void {
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || IGNORED_NAMES.includes(entry) || IGNORED_EXTS.some((e) => entry.endsWith(e))) continue
    const full = join(dir, entry)
    if (statSync(full).isDirectory()) loadDir(full, inv)
    else if (['', '.ini', ...YAML_EXTS].includes(extname(entry))) loadFile(full, inv)
    else inv.warnings.push(`${full}: skipped, not an inventory file extension (.ini, .yml, .yaml, .json or none)`)
  }
}

/** Parses one file as YAML or INI. */
export function loadFile(file: string, inv: InventoryData): void {
  const text = readFileSync(file, 'utf8')
  const ext = extname(file)
  if (YAML_EXTS.includes(ext) || (ext !== '.ini' && looksLikeYaml(text))) parseYamlInventory(text, file, inv)
  else parseIni(text, file, inv)
}

/** True when the first meaningful line is `---`, a flow mapping, or a bare `key:`. */
export function looksLikeYaml(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    return line === '---' || line.startsWith('{') || /^[^\s=[\]]+:\s*(?:#.*)?$/.test(line)
  }
  return false
}
