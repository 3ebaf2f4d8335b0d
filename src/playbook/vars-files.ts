import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { KrunError, type SourcePos } from '../core/errors.js'
import { substituteSimple, type LoadCtx } from './context.js'
import { toMapping, toStr } from './convert.js'
import type { Play, Vars } from './types.js'
import { loadYamlFile } from './yaml-load.js'

type Loaded = Pick<Play, 'varsFiles' | 'varsFilesDeferred'>

/**
 * Loads a play's vars_files (YAML or JSON mappings, relative to the playbook's directory).
 * An entry that is a list means the first file that exists. Names templated with -e or plain
 * play variables are resolved now; names that need host variables are deferred to the engine
 * (Play.varsFilesDeferred). A missing file is E_MISSING_FILE at the line that names it.
 */
export function loadVarsFiles(value: unknown, ctx: LoadCtx, playVars: Vars, dir: string, pos: SourcePos): Loaded {
  const out: Loaded = { varsFiles: [] }
  if (value === null || value === undefined) return out
  const entries = Array.isArray(value) ? value : [value]
  entries.forEach((entry, i) => {
    const at = Array.isArray(value) ? ctx.positions.item(value, i, pos) : pos
    const names = (Array.isArray(entry) ? entry : [entry]).map((n) => toStr(n, 'vars_files', at))
    const resolved = names.map((n) => substituteSimple(n, [ctx.extraVars, playVars]))
    if (resolved.some((r) => r === undefined)) {
      out.varsFiles.push({})
      const deferred = { index: out.varsFiles.length - 1, paths: names, baseDir: dir, pos: at }
      out.varsFilesDeferred = [...(out.varsFilesDeferred ?? []), deferred]
      return
    }
    const paths = (resolved as string[]).map((r) => resolve(dir, r))
    const file = paths.find((p) => existsSync(p))
    if (!file) {
      const what = paths.length > 1 ? `none of the vars files exist: ${paths.join(', ')}` : `vars file not found: ${paths[0] ?? ''}`
      throw new KrunError('E_MISSING_FILE', what, at)
    }
    const data = loadYamlFile(file, ctx.positions, at).value
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new KrunError('E_VARS_FILE', `vars file must hold a mapping of variables: ${file}`, at)
    }
    out.varsFiles.push(toMapping(data, 'vars_files', at))
  })
  return out
}
