/**
 * ~/.ssh/config: Host blocks with patterns (`*`, `?`, `!neg`), `Match all|host`, Include,
 * first value wins (IdentityFile accumulates), as OpenSSH reads it.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { matchPattern, matchPatternList } from './ssh-pattern.js'

/** A block's condition: every pattern list must match the host (nested Include adds lists). */
type Condition = Array<{ kind: 'host'; patterns: string[] } | { kind: 'never' }>

interface Block {
  when: Condition
  options: Array<{ key: string; args: string[] }>
}

/** A parsed ssh_config: blocks in file order. */
export interface SshConfig {
  blocks: Block[]
}

/** Options for one host: lower-case keyword -> arguments of the first occurrence (all for IdentityFile). */
export type SshHostOptions = Map<string, string[]>

/** Keywords whose every occurrence counts. */
const MULTI = new Set(['identityfile', 'certificatefile', 'localforward', 'remoteforward', 'dynamicforward', 'sendenv', 'setenv'])

/** Splits a config line into keyword and arguments (double quotes group words, `=` may separate). */
export function tokenize(line: string): { key: string; args: string[] } | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+|$)(.*)$/.exec(line)
  if (!m || line.trimStart().startsWith('#')) return undefined
  const args: string[] = []
  const re = /"([^"]*)"|(\S+)/g
  let t: RegExpExecArray | null
  while ((t = re.exec(m[2] ?? '')) !== null) {
    const word = t[1] ?? t[2] ?? ''
    if (t[2]?.startsWith('#')) break
    args.push(word)
  }
  return { key: m[1]!.toLowerCase(), args }
}

/** Expands a leading `~` to the home directory. */
export function expandTilde(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p
}

/** Parses config text; `Include` files are read through `read` (relative to ~/.ssh). */
export function parseSshConfig(
  text: string,
  opts: { home: string; read?: (path: string) => string | undefined; listDir?: (dir: string) => string[] } = { home: '/' },
): SshConfig {
  const read = opts.read ?? defaultRead
  const listDir = opts.listDir ?? defaultList
  const blocks: Block[] = []
  const parse = (src: string, outer: Condition, depth: number): void => {
    let cur: Block = { when: outer, options: [] }
    blocks.push(cur)
    for (const line of src.split('\n')) {
      const tok = tokenize(line)
      if (!tok) continue
      if (tok.key === 'host') {
        cur = { when: [...outer, { kind: 'host', patterns: tok.args }], options: [] }
        blocks.push(cur)
      } else if (tok.key === 'match') {
        cur = { when: [...outer, matchCondition(tok.args)], options: [] }
        blocks.push(cur)
      } else if (tok.key === 'include') {
        if (depth >= 8) continue
        for (const file of tok.args.flatMap((a) => globFiles(expandTilde(a, opts.home), opts.home, listDir))) {
          const sub = read(file)
          if (sub !== undefined) parse(sub, cur.when, depth + 1)
        }
        // Options after the Include still belong to the enclosing block.
        cur = { when: cur.when, options: [] }
        blocks.push(cur)
      } else {
        cur.options.push(tok)
      }
    }
  }
  parse(text, [], 0)
  return { blocks: blocks.filter((b) => b.options.length > 0) }
}

function matchCondition(args: string[]): Condition[number] {
  const kw = args[0]?.toLowerCase()
  if (kw === 'all') return { kind: 'host', patterns: ['*'] }
  if ((kw === 'host' || kw === 'originalhost') && args[1]) return { kind: 'host', patterns: args[1].split(',') }
  // Other Match criteria (exec, user, localnetwork...) are not evaluated: the block never applies.
  return { kind: 'never' }
}

/** Include paths: relative ones are under ~/.ssh; `*` and `?` glob the last path segment. */
function globFiles(p: string, home: string, listDir: (dir: string) => string[]): string[] {
  const full = isAbsolute(p) ? p : join(home, '.ssh', p)
  const base = basename(full)
  if (!/[*?]/.test(base)) return [full]
  const dir = dirname(full)
  return listDir(dir)
    .filter((n) => matchPattern(n, base))
    .sort()
    .map((n) => join(dir, n))
}

function defaultRead(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8')
  } catch {
    return undefined
  }
}

function defaultList(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** Reads ~/.ssh/config (or another file); a missing file is an empty config. */
export function loadSshConfig(home: string, file = join(home, '.ssh', 'config')): SshConfig {
  const text = defaultRead(file)
  return text === undefined ? { blocks: [] } : parseSshConfig(text, { home })
}

/** The options that apply to `host` (the name as typed: inventory ansible_host or name). */
export function lookupHost(config: SshConfig, host: string): SshHostOptions {
  const out: SshHostOptions = new Map()
  for (const b of config.blocks) {
    const applies = b.when.every((c) => c.kind === 'host' && matchPatternList(host, c.patterns))
    if (!applies) continue
    for (const { key, args } of b.options) {
      if (MULTI.has(key)) out.set(key, [...(out.get(key) ?? []), ...args])
      else if (!out.has(key)) out.set(key, args)
    }
  }
  return out
}
