import { readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { KrunError, type SourcePos } from '../core/errors.js'
import type { TaskNode } from '../playbook/types.js'

/** Turns a rendered `loop:`/`with_*:` value into the list of items, as Ansible does for each form. */
export function loopItems(kind: TaskNode['loopKind'], value: unknown, pos: SourcePos, baseDir: string): unknown[] {
  switch (kind ?? 'loop') {
    case 'loop':
    case 'with_list':
      if (!Array.isArray(value)) throw bad(pos, kind ?? 'loop', value)
      return value
    case 'with_items':
      return (Array.isArray(value) ? value : [value]).flatMap((v) => (Array.isArray(v) ? v : [v]))
    case 'with_dict':
      if (!isDict(value)) throw bad(pos, 'with_dict', value, 'a dictionary')
      return Object.entries(value).map(([key, v]) => ({ key, value: v }))
    case 'with_indexed_items':
      return asList(value, pos, kind).map((v, i) => [i, v])
    case 'with_together': {
      const lists = asList(value, pos, kind).map((l) => (Array.isArray(l) ? l : [l]))
      const n = Math.max(0, ...lists.map((l) => l.length))
      return Array.from({ length: n }, (_, i) => lists.map((l) => l[i] ?? null))
    }
    case 'with_nested':
      return asList(value, pos, kind).reduce<unknown[][]>(
        (acc, l) => acc.flatMap((a) => (Array.isArray(l) ? l : [l]).map((x) => [...a, x])),
        [[]],
      )
    case 'with_sequence':
      return sequence(String(value), pos)
    case 'with_fileglob':
      return (Array.isArray(value) ? value : [value]).flatMap((g) => fileglob(String(g), baseDir))
  }
}

function asList(value: unknown, pos: SourcePos, kind: string | undefined): unknown[] {
  if (!Array.isArray(value)) throw bad(pos, kind ?? 'loop', value)
  return value
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function bad(pos: SourcePos, kind: string, value: unknown, want = 'a list'): KrunError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value
  return new KrunError('E_LOOP', `invalid data passed to '${kind}': it requires ${want}, got ${got}`, pos)
}

/** with_sequence: `start=1 end=5 stride=1 format=node%02d` or `count=3`. */
function sequence(spec: string, pos: SourcePos): string[] {
  const kv: Record<string, string> = {}
  for (const w of spec.trim().split(/\s+/)) {
    const [k, v] = w.split('=')
    if (k && v !== undefined) kv[k] = v
  }
  const start = Number(kv.start ?? 1)
  const stride = Number(kv.stride ?? 1)
  const end = kv.count !== undefined ? start + (Number(kv.count) - 1) * stride : Number(kv.end)
  if (!Number.isFinite(start) || !Number.isFinite(end) || stride === 0) {
    throw new KrunError('E_LOOP', `with_sequence: cannot read '${spec}'`, pos)
  }
  const out: string[] = []
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) out.push(format(kv.format ?? '%d', i))
  return out
}

function format(fmt: string, n: number): string {
  return fmt.replace(/%(0?)(\d*)d/, (_m, zero: string, width: string) => String(n).padStart(Number(width || 0), zero ? '0' : ' '))
}

/** Controller-side glob on file names only (`files/*.conf`), sorted. */
function fileglob(pattern: string, baseDir: string): string[] {
  const full = pattern.startsWith('/') ? pattern : join(baseDir, pattern)
  const dir = dirname(full)
  const re = new RegExp(`^${basename(full).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
  try {
    return readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f))
  } catch {
    return []
  }
}
