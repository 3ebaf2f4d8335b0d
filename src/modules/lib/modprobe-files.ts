/**
 * The persistent side of modprobe, as Ansible's module does it: a module is persistent when a
 * file of /etc/modules-load.d lists it; its options are the `options NAME k=v` lines of
 * /etc/modprobe.d. Removing comments lines out (`#`), never deletes them.
 */
import { CONF_DIR, LOAD_DIR, namePattern, type KmodFile } from '../../facts/kmod.js'

/** File path -> new content, for the files that change (first written first). */
export type Edits = Map<string, { before: string | null; after: string }>

const moduleLine = (name: string): RegExp => new RegExp(`^ *${namePattern(name)} *(?:[#;].*)?$`)
const optionsLine = (name: string): RegExp => new RegExp(`^\\s*options\\s+${namePattern(name)}\\s+(.*?)\\s*(?:#.*)?$`)

const lines = (content: string): string[] => content.replace(/\n$/, '').split('\n')

/** Files of LOAD_DIR that list the module. */
export function persistedIn(files: KmodFile[], name: string): string[] {
  const re = moduleLine(name)
  return files.filter((f) => f.dir === LOAD_DIR && lines(f.content).some((l) => re.test(l))).map((f) => f.path)
}

/** The module's options set in CONF_DIR, as `k=v` words in file order. */
export function persistedParams(files: KmodFile[], name: string): string[] {
  const re = optionsLine(name)
  return files.filter((f) => f.dir === CONF_DIR).flatMap((f) => lines(f.content).flatMap((l) => re.exec(l)?.[1]?.split(/\s+/).filter(Boolean) ?? []))
}

/** Comments out the lines `re` matches in the files of `dir`. */
function commentOut(edits: Edits, files: KmodFile[], dir: string, re: RegExp): void {
  for (const f of files.filter((x) => x.dir === dir)) {
    const cur = edits.get(f.path)?.after ?? f.content
    const next = lines(cur).map((l) => (re.test(l) ? `#${l}` : l)).join('\n') + (cur.endsWith('\n') ? '\n' : '')
    if (next !== cur) edits.set(f.path, { before: edits.get(f.path)?.before ?? f.content, after: next })
  }
}

function write(edits: Edits, files: KmodFile[], path: string, after: string): void {
  const before = edits.get(path)?.before ?? files.find((f) => f.path === path)?.content ?? null
  if (before !== after) edits.set(path, { before, after })
  else edits.delete(path)
}

const sameSet = (a: string[], b: string[]): boolean => new Set(a).size === new Set(b).size && a.every((x) => b.includes(x))

/** persistent=present: listed in LOAD_DIR/NAME.conf unless some file lists it; the options exactly `params`. */
export function persistEdits(files: KmodFile[], name: string, params: string[]): Edits {
  const edits: Edits = new Map()
  if (persistedIn(files, name).length === 0) write(edits, files, `${LOAD_DIR}/${name}.conf`, `${name}\n`)
  if (!sameSet(persistedParams(files, name), params)) {
    commentOut(edits, files, CONF_DIR, optionsLine(name))
    if (params.length) write(edits, files, `${CONF_DIR}/${name}.conf`, params.map((p) => `options ${name} ${p}\n`).join(''))
  }
  return edits
}

/** persistent=absent: every line that lists the module or sets its options commented out. */
export function unpersistEdits(files: KmodFile[], name: string): Edits {
  const edits: Edits = new Map()
  commentOut(edits, files, LOAD_DIR, moduleLine(name))
  commentOut(edits, files, CONF_DIR, optionsLine(name))
  return edits
}
