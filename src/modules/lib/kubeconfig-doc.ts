/**
 * A kubeconfig as `kubectl config set-cluster/set-credentials/set-context/use-context` leave
 * it: named entries merged into the existing file (others kept), keys sorted, lists flush
 * with their parent key. And the view --diff shows, with embedded secrets hidden.
 */
import { createHash } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { parse, stringify } from 'yaml'
import { ModuleFailure } from '../types.js'

type Obj = Record<string, unknown>

/** The three named entries one task writes, and whether its context becomes current. */
export interface KubeEntries {
  cluster: { name: string; server: string; caData?: string }
  user: { name: string; certData?: string; keyData?: string; token?: string }
  context: { name: string; namespace?: string }
  useContext: boolean
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The current file parsed (null when absent or empty); not a mapping is a ModuleFailure. */
export function parseKubeconfig(text: string | null, path: string): Obj | null {
  if (text === null || text.trim() === '') return null
  let doc: unknown
  try {
    doc = parse(text)
  } catch (e) {
    throw new ModuleFailure(`${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  if (!isObj(doc)) throw new ModuleFailure(`${path} is not a kubeconfig (not a mapping)`)
  return doc
}

/** Sets entry `name` of list `key` to `fields` (merged over the existing one, minus `drop`). */
function upsert(doc: Obj, key: string, inner: string, name: string, fields: Obj, drop: string[]): void {
  const list = Array.isArray(doc[key]) ? [...(doc[key] as unknown[])] : []
  const i = list.findIndex((e) => isObj(e) && e.name === name)
  const old = i >= 0 && isObj(list[i]) && isObj((list[i] as Obj)[inner]) ? ((list[i] as Obj)[inner] as Obj) : {}
  const merged: Obj = { ...old }
  for (const k of drop) delete merged[k]
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) merged[k] = v
  const entry = { ...(i >= 0 && isObj(list[i]) ? (list[i] as Obj) : {}), name, [inner]: merged }
  if (i >= 0) list[i] = entry
  else list.push(entry)
  doc[key] = list
}

/** The document after the task: the existing one with our cluster, user and context set. */
export function mergeKubeconfig(existing: Obj | null, e: KubeEntries): Obj {
  const doc: Obj = { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: null, contexts: null, users: null, 'current-context': '', ...(existing ?? {}) }
  upsert(doc, 'clusters', 'cluster', e.cluster.name, { server: e.cluster.server, 'certificate-authority-data': e.cluster.caData }, e.cluster.caData ? ['certificate-authority'] : [])
  const u = e.user
  const userDrop = u.token !== undefined ? ['client-certificate', 'client-key', 'client-certificate-data', 'client-key-data'] : ['client-certificate', 'client-key', 'token']
  upsert(doc, 'users', 'user', u.name, { 'client-certificate-data': u.certData, 'client-key-data': u.keyData, token: u.token }, userDrop)
  upsert(doc, 'contexts', 'context', e.context.name, { cluster: e.cluster.name, user: u.name, namespace: e.context.namespace }, e.context.namespace ? [] : ['namespace'])
  if (e.useContext) doc['current-context'] = e.context.name
  return doc
}

/** True when two parsed kubeconfigs mean the same (formatting and key order do not matter). */
export const sameKubeconfig = (a: Obj | null, b: Obj): boolean => isDeepStrictEqual(a, b)

/** The YAML kubectl writes: keys sorted, sequences not indented, long base64 on one line. */
export function renderKubeconfig(doc: Obj): string {
  return stringify(doc, { sortMapEntries: true, lineWidth: 0, indentSeq: false })
}

const SECRET = new Set(['client-key-data', 'token', 'password'])
const CERTS = new Set(['certificate-authority-data', 'client-certificate-data'])
const fingerprint = (v: unknown) => `<sha256:${createHash('sha256').update(Buffer.from(String(v), 'base64')).digest('hex').slice(0, 16)}>`

/** `doc` with secrets as <redacted> (<redacted, changed> where they differ from `before`) and certs as fingerprints. */
function hide(doc: Obj, before: Obj | null): Obj {
  const old = (key: string, inner: string, name: unknown, field: string): unknown => {
    const list = before?.[key]
    const e = Array.isArray(list) ? list.find((x) => isObj(x) && x.name === name) : undefined
    return isObj(e) && isObj(e[inner]) ? (e[inner] as Obj)[field] : undefined
  }
  const out: Obj = { ...doc }
  for (const [key, inner] of [['clusters', 'cluster'], ['users', 'user']] as const) {
    if (!Array.isArray(doc[key])) continue
    out[key] = (doc[key] as unknown[]).map((e) => {
      if (!isObj(e) || !isObj(e[inner])) return e
      const fields = Object.entries(e[inner] as Obj).map(([k, v]) => {
        if (CERTS.has(k)) return [k, fingerprint(v)]
        if (!SECRET.has(k)) return [k, v]
        return [k, before === null || old(key, inner, e.name, k) === v ? '<redacted>' : '<redacted, changed>']
      })
      return { ...e, [inner]: Object.fromEntries(fields) }
    })
  }
  return out
}

/** Before/after text for --diff: the YAML with embedded secrets hidden. */
export function kubeconfigDiffText(before: Obj | null, after: Obj): { before: string | null; after: string } {
  return { before: before === null ? null : renderKubeconfig(hide(before, null)), after: renderKubeconfig(hide(after, before)) }
}
