import { quote } from '../connection/quote.js'

/** One distinct (owner, group, mode, type) combination found under a directory. */
export interface TreeEntry {
  owner: string
  group: string
  uid: number
  gid: number
  /** Four octal digits. */
  mode: string
  type: 'file' | 'directory' | 'link' | 'other'
}

/**
 * Lists the distinct owner/group/mode/type combinations below a directory (not the directory
 * itself): a recursive chmod/chown is needed exactly when one of them differs. GNU find.
 */
export function treeCommand(dir: string): string {
  return `find ${quote(dir)} -mindepth 1 -printf '%u|%g|%U|%G|%m|%y\\n' 2>/dev/null | sort -u`
}

const TYPES: Record<string, TreeEntry['type']> = { f: 'file', d: 'directory', l: 'link' }

/** Parses treeCommand's output. */
export function parseTree(output: string): TreeEntry[] {
  return output
    .split('\n')
    .filter((l) => l.split('|').length === 6)
    .map((l) => {
      const [owner = '', group = '', uid = '', gid = '', mode = '', type = ''] = l.split('|')
      return { owner, group, uid: Number(uid), gid: Number(gid), mode: mode.padStart(4, '0'), type: TYPES[type] ?? 'other' }
    })
}
