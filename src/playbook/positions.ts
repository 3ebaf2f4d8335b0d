import { isMap, isScalar, isSeq, type LineCounter, type Node as YamlNode } from 'yaml'
import type { SourcePos } from '../core/errors.js'

interface Entry {
  pos: SourcePos
  keys: Map<string, SourcePos>
  items: SourcePos[]
}

/**
 * Source positions of loaded YAML values, keyed by the plain JS objects and arrays the loader
 * returned. Scalars have no identity, so their place is found through their parent's key or
 * index. Weakly held: a position map never keeps a parsed file alive.
 */
export class PosMap {
  private readonly map = new WeakMap<object, Entry>()

  /** Position of a mapping or sequence (its first key or item), or `fallback`. */
  of(value: unknown, fallback: SourcePos): SourcePos {
    return (isObj(value) && this.map.get(value)?.pos) || fallback
  }

  /** Position of `key` in a mapping; else the mapping's position; else `fallback`. */
  key(obj: unknown, key: string, fallback: SourcePos): SourcePos {
    if (!isObj(obj)) return fallback
    const e = this.map.get(obj)
    return e?.keys.get(key) ?? e?.pos ?? fallback
  }

  /** Position of item `i` in a sequence; else the sequence's position; else `fallback`. */
  item(arr: unknown, i: number, fallback: SourcePos): SourcePos {
    if (!isObj(arr)) return fallback
    const e = this.map.get(arr)
    return e?.items[i] ?? e?.pos ?? fallback
  }

  /** Gives a value built in memory (no YAML source) the position of the place that holds it. */
  ensure(value: object, pos: SourcePos): void {
    if (!this.map.has(value)) this.map.set(value, { pos, keys: new Map(), items: [] })
  }

  /** Walks a parsed YAML node beside the JS value it produced and records every position. */
  record(node: YamlNode | null | undefined, value: unknown, file: string, lc: LineCounter): void {
    const at = (offset: number): SourcePos => {
      const { line, col } = lc.linePos(offset)
      return { file, line, col }
    }
    if (!node || !isObj(value) || this.map.has(value)) return
    if (isMap(node) && !Array.isArray(value)) {
      const entry: Entry = { pos: at(node.range?.[0] ?? 0), keys: new Map(), items: [] }
      this.map.set(value, entry)
      for (const pair of node.items) {
        // merge keys (`<<: *anchor`) have a symbol value; the merged entries keep the anchor's positions
        if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue
        const key = String(pair.key.value)
        entry.keys.set(key, at(pair.key.range?.[0] ?? 0))
        this.record(pair.value as YamlNode | null, (value as Record<string, unknown>)[key], file, lc)
      }
    } else if (isSeq(node) && Array.isArray(value)) {
      const entry: Entry = { pos: at(node.range?.[0] ?? 0), keys: new Map(), items: [] }
      this.map.set(value, entry)
      node.items.forEach((item, i) => {
        const n = item as YamlNode | null
        entry.items.push(n?.range ? at(n.range[0]) : entry.pos)
        this.record(n, value[i], file, lc)
      })
    }
  }
}

function isObj(v: unknown): v is object {
  return typeof v === 'object' && v !== null
}
