import type { EtcdConn } from '../facts/etcd.js'
import { STR, toStr } from './lib/args.js'
import { planHealth } from './lib/etcd-health.js'
import { planDel, planGet, planMembers, planPut, planSnapshot } from './lib/etcd-kv.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** What etcdctl does. */
export type EtcdAction = 'health' | 'put' | 'get' | 'del' | 'member_list' | 'snapshot_save'

/** Arguments of `etcdctl`. The TLS key is `client_key`: `key` names the etcd key. */
export interface EtcdctlArgs {
  action: EtcdAction
  /** Client URLs: a list or one comma-separated string. */
  endpoints?: string[] | string
  cacert?: string
  ca_cert?: string
  cert?: string
  client_cert?: string
  client_key?: string
  key_file?: string
  /** etcdctl's --command-timeout, e.g. "5s". */
  timeout?: string
  /** The etcdctl program (default `etcdctl` on PATH). */
  executable?: string
  key?: string
  /** put: text, or a mapping/list written as compact JSON. */
  value?: unknown
  /** snapshot_save: where the snapshot file goes on the host. */
  path?: string
}

const VALUE = { type: ['string', 'number', 'boolean', 'object', 'array'] } as const
const need = (action: EtcdAction, ...keys: string[]) => ({
  if: { properties: { action: { const: action } }, required: ['action'] },
  then: { properties: Object.fromEntries(keys.map((k) => [k, {}])), required: keys },
})

/** The connection flags from the arguments (aliases resolved, endpoints split). */
export function etcdConn(args: EtcdctlArgs): EtcdConn {
  const eps = args.endpoints === undefined ? [] : Array.isArray(args.endpoints) ? args.endpoints.map(String) : String(args.endpoints).split(',')
  const cacert = toStr(args.cacert ?? args.ca_cert)
  const cert = toStr(args.cert ?? args.client_cert)
  const key = toStr(args.client_key ?? args.key_file)
  const timeout = toStr(args.timeout)
  return {
    executable: toStr(args.executable) ?? 'etcdctl',
    endpoints: eps.map((e) => e.trim()).filter(Boolean),
    ...(cacert ? { cacert } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(timeout ? { timeout } : {}),
  }
}

/** put's value as the bytes etcd stores: text as is, structures as compact JSON. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) throw new ModuleFailure('etcdctl put: missing value')
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

function keyOf(args: EtcdctlArgs): string {
  const key = toStr(args.key)
  if (!key) throw new ModuleFailure(`etcdctl ${args.action}: missing key`)
  return key
}

/**
 * `etcdctl`: etcd (API v3) through etcdctl on the target, with TLS flags from the arguments
 * and `-w json` output. health fails naming each broken criterion (use it with until/retries
 * while a cluster elects); put/del change only when the key differs; get and member_list
 * register what they read; snapshot_save always saves.
 */
export const etcdctl: ModuleDef<EtcdctlArgs> = {
  name: 'etcdctl',
  schema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['health', 'put', 'get', 'del', 'member_list', 'snapshot_save'] },
      endpoints: { type: ['array', 'string'], items: STR },
      cacert: STR, ca_cert: STR, cert: STR, client_cert: STR, client_key: STR, key_file: STR,
      timeout: STR, executable: STR,
      key: STR, value: VALUE, path: STR,
    },
    required: ['action'],
    additionalProperties: false,
    allOf: [need('put', 'key', 'value'), need('get', 'key'), need('del', 'key'), need('snapshot_save', 'path')],
  },
  async plan(args, ctx) {
    const c = etcdConn(args)
    switch (args.action) {
      case 'health':
        return planHealth(c, ctx.probe)
      case 'put':
        return planPut(c, ctx.probe, keyOf(args), valueText(args.value), ctx.noLog)
      case 'get':
        return planGet(c, ctx.probe, keyOf(args))
      case 'del':
        return planDel(c, ctx.probe, keyOf(args), ctx.noLog)
      case 'member_list':
        return planMembers(c, ctx.probe)
      case 'snapshot_save': {
        const path = toStr(args.path)
        if (!path) throw new ModuleFailure('etcdctl snapshot_save: missing path')
        return planSnapshot(c, path)
      }
      default:
        throw new ModuleFailure(`etcdctl: unknown action ${JSON.stringify(args.action)}`)
    }
  },
}
