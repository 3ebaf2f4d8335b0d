/** Controller path filters: basename, dirname, realpath, expanduser, splitext. */
import { realpathSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, extname, resolve } from 'node:path'
import type { FilterTable } from './filters-registry.js'
import { pyStr } from './python.js'

/** Python's os.path.splitext: a leading dot of a hidden file is not an extension. */
function splitext(p: string): [string, string] {
  const ext = extname(p)
  return [p.slice(0, p.length - ext.length), ext]
}

/** Path filters by short name. */
export const PATH_FILTERS: FilterTable = {
  basename: (v) => basename(pyStr(v)),
  dirname: (v) => {
    const p = pyStr(v)
    return p.includes('/') ? dirname(p) : ''
  },
  realpath: (v) => {
    const p = resolve(pyStr(v))
    try {
      return realpathSync(p)
    } catch {
      return p
    }
  },
  expanduser: (v) => pyStr(v).replace(/^~(?=$|\/)/, homedir()),
  splitext: (v) => splitext(pyStr(v)),
}
