import { LineCounter, parseDocument, type CollectionTag, type Document, type DocumentOptions, type Node, type ParseOptions, type ScalarTag, type SchemaOptions } from 'yaml'
import { KrunError, type SourcePos } from '../core/errors.js'
import { collectionKey, collectionKeyMessage, unclosedOpener, unquotedTemplate } from '../playbook/yaml-hints.js'

type Tag = ScalarTag | CollectionTag | string

/** YAML 1.1 resolution as PyYAML does it: the yaml package's 1.1 schema is broader (y/n are booleans there). */
const PYYAML_TESTS: [string, RegExp, RegExp][] = [
  ['tag:yaml.org,2002:bool', /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/],
  ['tag:yaml.org,2002:bool', /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/],
  ['tag:yaml.org,2002:int', /^[-+]?[0-9][0-9_]*$/, /^[-+]?(?:0|[1-9][0-9_]*)$/],
]

function pyyamlTags<T extends Tag>(tags: T[]): T[] {
  return tags
    // PyYAML dates become Python dates that print as 2001-12-14; a JS Date would not: keep the text
    .filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp')
    .map((t): T => {
      const tag: Tag = t
      if (typeof tag === 'string' || !('test' in tag) || !tag.test) return t
      const test = tag.test
      const fix = PYYAML_TESTS.find(([name, from]) => name === tag.tag && String(from) === String(test))
      return fix ? ({ ...tag, test: fix[2] } as T) : t
    })
}

/**
 * Options that make the yaml package read files as Ansible (PyYAML, YAML 1.1) does:
 * `yes`/`no`/`on`/`off` are booleans (`y`/`n` are not), `0644` is octal, `09` is a string,
 * dates stay strings, a repeated key keeps the last value.
 */
export const ANSIBLE_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: pyyamlTags,
  uniqueKeys: false,
  prettyErrors: false,
}

/** A parsed YAML file that can say where any of its nodes is. */
export interface YamlFile {
  file: string
  doc: Document.Parsed
  lines: LineCounter
}

/**
 * Parses YAML the way Ansible reads inventories and vars files (see ANSIBLE_YAML_OPTIONS).
 * Throws a KrunError with `code` at the first syntax error.
 */
export function parseYamlFile(text: string, file: string, code: string): YamlFile {
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    throw new KrunError('E_VAULT_UNSUPPORTED', 'file is encrypted with ansible-vault, which krun cannot read', { file })
  }
  const lines = new LineCounter()
  const doc = parseDocument(text, { ...ANSIBLE_YAML_OPTIONS, lineCounter: lines })
  const err = doc.errors[0]
  if (err) {
    // yaml reports an unclosed bracket or quote where it gave up: point at the opener
    const open = err.code === 'DUPLICATE_KEY' ? undefined : unclosedOpener(text, err.pos[0])
    const unquoted = unquotedTemplate(text, open?.offset ?? err.pos[0])
    if (unquoted) throw new KrunError(code, collectionKeyMessage(unquoted.source), { file, ...lines.linePos(unquoted.offset) })
    if (open) throw new KrunError(code, `invalid YAML: '${open.open}' is never closed (missing ${open.close})`, { file, ...lines.linePos(open.offset) })
    const { line, col } = lines.linePos(err.pos[0])
    throw new KrunError(code, `invalid YAML: ${err.message.split('\n')[0]}`, { file, line, col })
  }
  // PyYAML refuses a mapping as a key ("unhashable"): nearly always `x: {{ y }}` without quotes
  const badKey = collectionKey(doc, text)
  if (badKey) throw new KrunError(code, collectionKeyMessage(badKey.source), { file, ...lines.linePos(badKey.offset) })
  return { file, doc, lines }
}

/** The position of a node (or the file when the node has no range). */
export function posOf(y: YamlFile, node: unknown): SourcePos {
  const range = (node as Node | null)?.range
  if (!range) return { file: y.file }
  const { line, col } = y.lines.linePos(range[0])
  return { file: y.file, line, col }
}

/** A node's plain JavaScript value. */
export function jsOf(y: YamlFile, node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJS' in node) return (node as Node).toJS(y.doc)
  return node ?? null
}

/** 'a mapping', 'a list', 'a string'... for messages. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `a ${typeof value}`
}
