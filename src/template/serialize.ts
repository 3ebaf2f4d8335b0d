/** JSON and YAML as Ansible's to_json / to_nice_json / to_yaml / to_nice_yaml write them. */
import YAML from 'yaml'
import { templateError } from './args.js'
import { isDict } from './python.js'
import { Undefined } from './undefined.js'

function sortDeep(v: unknown): unknown {
  if (v instanceof Undefined) v.fail()
  if (Array.isArray(v)) return v.map(sortDeep)
  if (isDict(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]))
  return v
}

function plain(v: unknown): unknown {
  if (v instanceof Undefined) v.fail()
  if (Array.isArray(v)) return v.map(plain)
  if (isDict(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, plain(v[k])]))
  return v
}

const asciiOnly = (s: string): string => s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** Python json.dumps(): `", "` and `": "` separators, non-ASCII escaped (ensure_ascii). */
export function toJson(v: unknown, sortKeys = false): string {
  const walk = (x: unknown): string => {
    if (x instanceof Undefined) x.fail()
    if (Array.isArray(x)) return `[${x.map(walk).join(', ')}]`
    if (isDict(x)) {
      const keys = sortKeys ? Object.keys(x).sort() : Object.keys(x)
      return `{${keys.map((k) => `${JSON.stringify(k)}: ${walk(x[k])}`).join(', ')}}`
    }
    if (x === undefined) return 'null'
    if (typeof x === 'number' && !Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity'
    return JSON.stringify(x) ?? 'null'
  }
  return asciiOnly(walk(v))
}

/** to_nice_json: indent 4, keys sorted, as Ansible. */
export function toNiceJson(v: unknown, indent = 4, sortKeys = true): string {
  return JSON.stringify(sortKeys ? sortDeep(v) : plain(v), null, indent)
}

/**
 * to_yaml: PyYAML with default_flow_style=None, sort_keys=True: keys sorted, collections of
 * scalars in flow style (`a: [1, 2]`), others in block style.
 */
export function toYaml(v: unknown, indent = 2): string {
  const doc = new YAML.Document(sortDeep(v), { sortMapEntries: true })
  YAML.visit(doc, {
    Map(_k, node) {
      if (node.items.every((p) => YAML.isScalar(p.value))) node.flow = true
    },
    Seq(_k, node) {
      if (node.items.every((i) => YAML.isScalar(i))) node.flow = true
    },
  })
  return doc.toString({ indent, indentSeq: false, flowCollectionPadding: false, lineWidth: 0 })
}

/** to_nice_yaml: block style throughout, indent 4, keys sorted. */
export function toNiceYaml(v: unknown, indent = 4): string {
  return YAML.stringify(sortDeep(v), { indent, indentSeq: false, sortMapEntries: true, lineWidth: 0 })
}

/** from_json, with a template error for bad input. */
export function fromJson(text: unknown): unknown {
  try {
    return JSON.parse(String(text))
  } catch (e) {
    throw templateError(`from_json: ${(e as Error).message}`)
  }
}

/** from_yaml (one document) or from_yaml_all (a list of documents). */
export function fromYaml(text: unknown, all = false): unknown {
  if (typeof text !== 'string') return text
  try {
    return all ? YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown) : (YAML.parse(text) as unknown)
  } catch (e) {
    throw templateError(`from_yaml: ${(e as Error).message}`)
  }
}
