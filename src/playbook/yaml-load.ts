import { existsSync, readFileSync } from 'node:fs'
import { LineCounter, isNode, isPair, parseDocument, visit, type ScalarTag, type Tags, type YAMLError } from 'yaml'
import { KrunError, type SourcePos } from '../core/errors.js'
import { PosMap } from './positions.js'
import { collectionKey, collectionKeyMessage, unclosedOpener, unquotedTemplate } from './yaml-hints.js'

/** A parsed YAML file: plain JS values plus where each mapping, sequence and key came from. */
export interface YamlFile {
  file: string
  value: unknown
  positions: PosMap
}

const BOOL_TAG = 'tag:yaml.org,2002:bool'
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp'
// PyYAML's YAML 1.1 booleans: unlike the `yaml` package, a bare y/n stays a string
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/

/**
 * The YAML 1.1 schema as Ansible (PyYAML) sees it: yes/no/on/off are booleans, 0644 is the
 * octal integer 420 (modules such as file treat an integer mode as octal), 1:20 is 80; but
 * dates stay strings, since templates and modules expect text, not Date objects.
 */
function ansibleTags(tags: Tags): Tags {
  return tags
    .filter((t) => typeof t === 'string' || t.tag !== TIMESTAMP_TAG)
    .map((t) => {
      if (typeof t === 'string' || t.tag !== BOOL_TAG || !('test' in t)) return t
      const s = t as ScalarTag
      return { ...s, test: s.identify?.(true) ? PY_TRUE : PY_FALSE }
    })
}

/** Text between `{% raw %}` markers renders literally: how an `!unsafe` string escapes templating. */
export function markUnsafe(s: string): string {
  return /\{[{%#]/.test(s) ? `{% raw %}${s}{% endraw %}` : s
}

/** Reads and parses one YAML (or JSON) file; missing file -> E_MISSING_FILE at `ref` (the referencing place). */
export function loadYamlFile(file: string, positions = new PosMap(), ref?: SourcePos): YamlFile {
  if (!existsSync(file)) throw new KrunError('E_MISSING_FILE', `file not found: ${file}`, ref ?? { file })
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new KrunError('E_READ', `cannot read ${file}: ${(e as Error).message}`, ref ?? { file })
  }
  return parseYaml(text, file, positions)
}

/**
 * Parses YAML text the way Ansible does (YAML 1.1, merge keys) and rejects what Ansible would
 * silently misread or refuse: duplicate keys, tabs in indentation, several documents, `!vault`.
 * Each problem is one KrunError `file:line:col: message`.
 */
export function parseYaml(text: string, file: string, positions = new PosMap()): YamlFile {
  const lc = new LineCounter()
  const doc = parseDocument(text, {
    version: '1.1',
    uniqueKeys: true,
    prettyErrors: true,
    merge: true,
    lineCounter: lc,
    customTags: ansibleTags,
  })
  const first = doc.errors[0]
  if (first) throw yamlError(first, file, text, lc)
  const at = (offset: number): SourcePos => ({ file, ...lc.linePos(offset) })
  const badKey = collectionKey(doc, text)
  if (badKey) throw new KrunError('E_YAML', collectionKeyMessage(badKey.source), at(badKey.offset))
  let vault: SourcePos | undefined
  visit(doc, {
    Node(_key, node, path) {
      if (node.tag === '!vault') {
        // point at the key that holds the secret: the value's range starts after the tag
        const parent = path[path.length - 1]
        const keyRange = isPair(parent) && isNode(parent.key) ? parent.key.range : undefined
        vault ??= at(keyRange?.[0] ?? node.range?.[0] ?? 0)
      }
      if (node.tag !== '!unsafe') return
      node.tag = undefined
      // every string under an !unsafe node is kept verbatim, never templated
      visit(node, {
        Scalar(_k, s) {
          if (typeof s.value === 'string') s.value = markUnsafe(s.value)
        },
      })
    },
  })
  if (vault) {
    throw new KrunError('E_YAML_VAULT', '!vault values are not supported yet', vault, 'decrypt the value (ansible-vault decrypt) or pass it with -e @file')
  }
  const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED' && !/tag: !(unsafe|vault)\b/.test(w.message))
  if (unknownTag) throw yamlError(unknownTag, file, text, lc)
  const value = doc.toJS({ maxAliasCount: 10_000 }) as unknown
  positions.record(doc.contents, value, file, lc)
  return { file, value, positions }
}

/** Converts a `yaml` error into a KrunError with our codes and a message without the excerpt. */
function yamlError(e: YAMLError, file: string, text: string, lc: LineCounter): KrunError {
  const lp = e.linePos?.[0]
  const pos: SourcePos = lp ? { file, line: lp.line, col: lp.col } : { file }
  const msg = e.message.split(/ at line \d+, column \d+/)[0] ?? e.message
  // `yaml` reports some tab indents as unexpected tokens: a tab before the text of the failing line says what really happened
  const indent = lp ? (/^[ \t]*/.exec(text.split('\n')[lp.line - 1] ?? '')?.[0] ?? '') : ''
  if (lp && indent.includes('\t') && e.code !== 'TAB_AS_INDENT') {
    return yamlError({ ...e, code: 'TAB_AS_INDENT', linePos: [{ line: lp.line, col: indent.indexOf('\t') + 1 }] } as YAMLError, file, text, lc)
  }
  // an unclosed bracket or quote is reported where yaml gave up: point at the opener instead
  const open = e.code === 'DUPLICATE_KEY' || e.code === 'TAB_AS_INDENT' ? undefined : unclosedOpener(text, e.pos[0])
  const unquoted = e.code === 'DUPLICATE_KEY' ? undefined : unquotedTemplate(text, open?.offset ?? e.pos[0])
  if (unquoted) return new KrunError('E_YAML', collectionKeyMessage(unquoted.source), { file, ...lc.linePos(unquoted.offset) })
  if (open) {
    return new KrunError('E_YAML', `YAML syntax error: '${open.open}' is never closed (missing ${open.close})`, { file, ...lc.linePos(open.offset) })
  }
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const line = lp ? (text.split('\n')[lp.line - 1] ?? '') : ''
      const key = lp ? /^["']?([^"':]*)/.exec(line.slice(lp.col - 1))?.[1]?.trim() : undefined
      return new KrunError('E_YAML_DUPLICATE_KEY', key ? `duplicate key '${key}'` : 'duplicate key', pos)
    }
    case 'TAB_AS_INDENT':
      return new KrunError('E_YAML_TAB', 'tab character in indentation (YAML allows only spaces)', pos)
    case 'MULTIPLE_DOCS':
      return new KrunError('E_YAML', 'more than one YAML document in this file (remove the extra ---)', pos)
    case 'TAG_RESOLVE_FAILED':
      return new KrunError('E_YAML', `${msg.replace(/^Unresolved tag/, 'unknown YAML tag')}`, pos)
    default: {
      // an indentation error at column 1 is about the line's text: point at it, and say so
      const misaligned = e.code === 'BAD_INDENT' || /^Sequence item without - indicator/.test(msg)
      if (!misaligned || !lp) return new KrunError('E_YAML', `YAML syntax error: ${msg}`, pos)
      const detail = `bad indentation: this line does not line up with the keys above it (${msg.replace(/^All mapping items must start at the same column$/, 'keys of one mapping must start at the same column')})`
      return new KrunError('E_YAML', `YAML syntax error: ${detail}`, { file, line: lp.line, col: indent.length + 1 })
    }
  }
}
