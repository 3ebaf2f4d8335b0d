/**
 * A fake host for plan tests: a map of paths to entries. It answers the stat probe
 * (facts/stat.ts output format), the recurse tree probe, the creates/removes guard and
 * `readlink -f`, fetches files (a directory fails, as over SFTP),
 * and records every command, so a test states a host's files and the plan it expects.
 */
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import { splitArgs } from '../lib/shlex.js'
import type { PlanContext, Probe } from '../types.js'

/** One path on the fake host. Defaults: a root-owned 0644 file. */
export interface FakeEntry {
  type?: 'file' | 'directory' | 'link'
  content?: string | Buffer
  mode?: string
  owner?: string
  group?: string
  /** Link target (as readlink prints it). */
  target?: string
  nlink?: number
  inode?: number
  /** `YYYY-MM-DD HH:MM:SS` */
  mtime?: string
}

export type FakeFs = Record<string, FakeEntry>

const IDS: Record<string, number> = { root: 0, daemon: 1, nobody: 65534, www: 33, etcd: 998 }
const TYPE_BITS = { file: 0o100000, directory: 0o040000, link: 0o120000 }

function resolve(fs: FakeFs, path: string, depth = 0): [string, FakeEntry] | undefined {
  const e = fs[path]
  if (!e || e.type !== 'link' || depth > 8) return e ? [path, e] : undefined
  const t = e.target ?? ''
  return resolve(fs, posix.isAbsolute(t) ? t : posix.join(posix.dirname(path), t), depth + 1)
}

function statLine(tag: string, path: string, e: FakeEntry, i: number): string {
  const type = e.type ?? 'file'
  const mode = parseInt(e.mode ?? (type === 'directory' ? '0755' : type === 'link' ? '0777' : '0644'), 8)
  const size = type === 'link' ? (e.target ?? '').length : type === 'directory' ? 4096 : Buffer.from(e.content ?? '').length
  const owner = e.owner ?? 'root'
  const group = e.group ?? 'root'
  const t = `${e.mtime ?? '2024-01-02 03:04:05'}.000000000 +0000`
  const raw = (TYPE_BITS[type] | mode).toString(16)
  return `${tag}|${raw}|${owner}|${group}|${IDS[owner] ?? 1000}|${IDS[group] ?? 1000}|${size}|1704164645|1704164645|${e.nlink ?? 1}|2049|${e.inode ?? 1000 + i}|${t}|${t}`
}

function statOutput(fs: FakeFs, cmd: string): string {
  const list = /^for p in (.*?); do /.exec(cmd)?.[1] ?? ''
  const follow = cmd.includes("stat -L -c 'S")
  const algo = cmd.includes('sha1sum') ? 'sha1' : cmd.includes('sha256sum') ? 'sha256' : undefined
  const inodes = Object.keys(fs)
  return splitArgs(list)
    .map((p) => {
      const own = fs[p]
      const hit = follow ? resolve(fs, p) : own ? ([p, own] as [string, FakeEntry]) : undefined
      if (!hit) return `@|${p}\nA\n`
      const [real, e] = hit
      const lines = [`@|${p}`, statLine('S', p, e, inodes.indexOf(real))]
      if (!follow && e.type === 'link') {
        lines.push(`L|${e.target ?? ''}`)
        const t = resolve(fs, p)
        if (t) lines.push(statLine('F', p, t[1], inodes.indexOf(t[0])))
      }
      if (algo && (e.type ?? 'file') === 'file') lines.push(`H|${createHash(algo).update(e.content ?? '').digest('hex')}  -`)
      return `${lines.join('\n')}\n`
    })
    .join('')
}

function treeOutput(fs: FakeFs, dir: string): string {
  const rows = Object.entries(fs)
    .filter(([p]) => p.startsWith(`${dir}/`))
    .map(([, e]) => {
      const type = e.type ?? 'file'
      const mode = e.mode ?? (type === 'directory' ? '0755' : type === 'link' ? '0777' : '0644')
      const o = e.owner ?? 'root'
      const g = e.group ?? 'root'
      return `${o}|${g}|${IDS[o] ?? 1000}|${IDS[g] ?? 1000}|${parseInt(mode, 8).toString(8)}|${type[0]}`
    })
  return `${[...new Set(rows)].sort().join('\n')}\n`
}

function globExists(fs: FakeFs, word: string): boolean {
  const parts = splitArgs(word.replace(/(\*|\?)/g, "'$1'"))[0] ?? ''
  const re = new RegExp(`^${parts.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`)
  return Object.keys(fs).some((p) => re.test(p))
}

/** A Probe over a fake filesystem; `calls` lists the commands and fetches it saw. */
export function fakeProbe(fs: FakeFs): Probe & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    async exec(cmd) {
      calls.push(cmd)
      if (cmd.startsWith('for p in ')) {
        const [statPart = '', tree] = cmd.split('; echo @@krun-tree; ')
        let out = statOutput(fs, statPart)
        if (tree) out += `@@krun-tree\n${treeOutput(fs, splitArgs(tree)[1] ?? '')}`
        return { rc: 0, stdout: out, stderr: '' }
      }
      if (cmd.startsWith('readlink -f -- ')) {
        // the canonical path: links followed; a missing file is its own path
        const path = splitArgs(cmd).at(-1) ?? ''
        return { rc: 0, stdout: `${resolve(fs, path)?.[0] ?? path}\n`, stderr: '' }
      }
      if (cmd.startsWith('r=no; for f in ')) {
        const out = [...cmd.matchAll(/for f in (.*?); do .*?echo (\w+)=\$r/g)].map((m) => `${m[2]}=${globExists(fs, m[1] ?? '') ? 'yes' : 'no'}`)
        return { rc: 0, stdout: `${out.join('\n')}\n`, stderr: '' }
      }
      throw new Error(`fake host: unexpected command: ${cmd}`)
    },
    async fetch(path) {
      calls.push(`fetch ${path}`)
      const hit = resolve(fs, path)
      if (hit?.[1].type === 'directory') throw new Error(`fetch ${path}: Failure`)
      return hit ? Buffer.from(hit[1].content ?? '') : null
    },
  }
}

/** A PlanContext for tests: controller files from `files`, templates rendered by `render`. */
export function fakeContext(fs: FakeFs, over: Partial<PlanContext> = {}): PlanContext & { probe: ReturnType<typeof fakeProbe> } {
  return {
    host: 'h1',
    probe: fakeProbe(fs),
    vars: {},
    pos: { file: 'site.yml', line: 1 },
    findFile: (_kind, name) => name,
    renderTemplate: (source) => source,
    noLog: false,
    ...over,
  } as PlanContext & { probe: ReturnType<typeof fakeProbe> }
}
