import { quote } from '../connection/quote.js'
import { KrunError } from '../core/errors.js'
import type { ExecResult } from '../connection/types.js'

/** What a fact probe needs from the host: one command, read-only (a module's Probe fits). */
export interface ExecProbe {
  exec(cmd: string): Promise<ExecResult>
}

/** File types as modules care about them. */
export type FileType = 'file' | 'directory' | 'link' | 'other'

/** What one path looks like on the host. */
export type FileStat =
  | { path: string; exists: false; error?: string }
  | {
      path: string
      exists: true
      type: FileType
      /** Four octal digits, e.g. '0644' (setuid/setgid/sticky in the first). */
      mode: string
      /** Names; `UNKNOWN` when the id has no name on the host. */
      owner: string
      group: string
      uid: number
      gid: number
      size: number
      /** Epoch seconds. */
      mtime: number
      atime: number
      /** Local times of the last modification and access, `YYYY-MM-DD HH:MM:SS` (modification_time). */
      mtimeLocal: string
      atimeLocal: string
      nlink: number
      dev: number
      inode: number
      /** Set for files when a hash was asked and the file was readable. */
      sha256?: string
      sha1?: string
      /** readlink of a symbolic link (not followed). */
      linkTarget?: string
      /** For a symbolic link (not followed): what it points to, after all links (exists false when dangling). */
      target?: FileStat
    }

/** Options of a stat probe. */
export interface StatOptions {
  /** Hash regular files: true = sha256. */
  hash?: boolean | 'sha256' | 'sha1'
  /** Report the target of symbolic links instead of the link (stat -L). */
  follow?: boolean
}

// %f is the raw mode in hex: type bits included and never localised (unlike %F)
const FORMAT = '|%f|%U|%G|%u|%g|%s|%Y|%X|%h|%d|%i|%y|%x'

/**
 * One sh command line that stats many paths (dash + GNU coreutils). Each record starts with
 * `@|path`; then `S|...` (stat), `L|target` + `F|...` (links: readlink, stat of the final
 * target) or `H|hash  -` (files), `A` (absent) or `E` (exists but cannot be stat'ed).
 */
export function statCommand(paths: readonly string[], opts: StatOptions = {}): string {
  const algo = opts.hash === 'sha1' ? 'sha1sum' : 'sha256sum'
  const exists = opts.follow ? '[ -e "$p" ]' : '{ [ -e "$p" ] || [ -L "$p" ]; }'
  const body = [
    `printf '@|%s\\n' "$p"`,
    `if ${exists}; then stat ${opts.follow ? '-L ' : ''}-c ${quote(`S${FORMAT}`)} -- "$p" || echo E`,
    ...(opts.follow
      ? []
      : [`if [ -L "$p" ]; then printf 'L|%s\\n' "$(readlink -- "$p")"; stat -L -c ${quote(`F${FORMAT}`)} -- "$p" 2>/dev/null; fi`]),
    ...(opts.hash ? [`if [ -f "$p" ]${opts.follow ? '' : ' && [ ! -L "$p" ]'}; then printf 'H|'; ${algo} < "$p" 2>/dev/null || echo; fi`] : []),
    'else echo A; fi',
  ]
  return `for p in ${paths.map(quote).join(' ')}; do ${body.join('; ')}; done`
}

/** Parses statCommand's output: one FileStat per record, in the order of the paths. */
export function parseStat(output: string, opts: StatOptions = {}): FileStat[] {
  const out: FileStat[] = []
  let cur: { path: string; lines: string[] } | undefined
  const flush = (): void => {
    if (cur) out.push(parseRecord(cur.path, cur.lines, opts))
  }
  for (const line of output.split('\n')) {
    if (line.startsWith('@|')) {
      flush()
      cur = { path: line.slice(2), lines: [] }
    } else if (cur && /^(S\||L\||F\||H\||A$|E$)/.test(line)) {
      cur.lines.push(line)
    } else if (cur && cur.lines.length === 0) {
      // a newline inside the path itself
      cur.path += `\n${line}`
    } else if (cur && line !== '') {
      const last = cur.lines.length - 1
      cur.lines[last] += `\n${line}`
    }
  }
  flush()
  return out
}

function parseRecord(path: string, lines: string[], opts: StatOptions): FileStat {
  if (lines.includes('A')) return { path, exists: false }
  const s = lines.find((l) => l.startsWith('S|'))
  if (!s) return { path, exists: false, error: `cannot stat ${path}` }
  const st = statFields(path, s)
  const link = lines.find((l) => l.startsWith('L|'))
  if (link !== undefined) {
    st.linkTarget = link.slice(2)
    const f = lines.find((l) => l.startsWith('F|'))
    st.target = f ? statFields(path, f) : { path, exists: false }
  }
  const hash = lines.find((l) => l.startsWith('H|'))?.slice(2).split(' ')[0]
  if (hash) {
    if (opts.hash === 'sha1') st.sha1 = hash
    else st.sha256 = hash
  }
  return st
}

function statFields(path: string, line: string): FileStat & { exists: true } {
  const f = line.split('|')
  const raw = parseInt(f[1] ?? '0', 16)
  const num = (i: number): number => Number(f[i] ?? 0)
  return {
    path,
    exists: true,
    type: typeOf(raw),
    mode: (raw & 0o7777).toString(8).padStart(4, '0'),
    owner: f[2] ?? '',
    group: f[3] ?? '',
    uid: num(4),
    gid: num(5),
    size: num(6),
    mtime: num(7),
    atime: num(8),
    nlink: num(9),
    dev: num(10),
    inode: num(11),
    mtimeLocal: (f[12] ?? '').slice(0, 19),
    atimeLocal: (f[13] ?? '').slice(0, 19),
  }
}

function typeOf(raw: number): FileType {
  switch (raw & 0o170000) {
    case 0o100000:
      return 'file'
    case 0o040000:
      return 'directory'
    case 0o120000:
      return 'link'
    default:
      return 'other'
  }
}

/**
 * Stats paths with one command; the result is keyed by the paths as given.
 * A path that exists but cannot be stat'ed (permissions) is an E_PROBE error.
 */
export async function probeStat(probe: ExecProbe, paths: readonly string[], opts: StatOptions = {}): Promise<Map<string, FileStat>> {
  const unique = [...new Set(paths)]
  const map = new Map<string, FileStat>()
  if (unique.length === 0) return map
  const r = await probe.exec(statCommand(unique, opts))
  const stats = parseStat(r.stdout, opts)
  unique.forEach((p, i) => {
    const st = stats[i]
    if (!st) throw new KrunError('E_PROBE', `cannot stat ${p}: ${r.stderr.trim() || `exit code ${r.rc}`}`)
    if (!st.exists && st.error) throw new KrunError('E_PROBE', `${st.error}: ${r.stderr.trim()}`)
    map.set(p, { ...st, path: p })
  })
  return map
}

/** probeStat for one path. */
export async function probeStatOne(probe: ExecProbe, path: string, opts: StatOptions = {}): Promise<FileStat> {
  return (await probeStat(probe, [path], opts)).get(path) as FileStat
}
