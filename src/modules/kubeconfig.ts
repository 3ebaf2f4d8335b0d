import { posix } from 'node:path'
import { sh } from '../connection/quote.js'
import { probeStat } from '../facts/stat.js'
import { BOOL, FILE_ATTRS, STR, exclusive, toBool, toStr } from './lib/args.js'
import { attrChanges, attrDeltas, attrDiff, readAttrs } from './lib/attrs.js'
import { kubeconfigDiffText, mergeKubeconfig, parseKubeconfig, renderKubeconfig, sameKubeconfig, type KubeEntries } from './lib/kubeconfig-doc.js'
import { fmtMode, wantedMode } from './lib/mode.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `kubeconfig`: the four `kubectl config` commands of a kubeconfig, as one task. */
export interface KubeconfigArgs {
  path?: string
  dest?: string
  /** set-cluster: name, --server, --certificate-authority (a file on the host, embedded). */
  cluster: string
  server: string
  ca?: string
  /** set-credentials: name, --client-certificate/--client-key (files on the host, embedded) or --token. */
  user: string
  client_cert?: string
  client_key?: string
  token?: string
  /** set-context: name (default: the cluster's name), --namespace. */
  context?: string
  namespace?: string
  /** use-context (default yes). */
  current_context?: boolean | string
  mode?: string | number
  owner?: string | number
  group?: string | number
}

/** Reads the files to embed (on the host the task runs on) as base64, failing on a missing one. */
async function embed(ctx: PlanContext, files: Record<string, string | undefined>): Promise<Record<string, string | undefined>> {
  const entries = await Promise.all(Object.entries(files).map(async ([arg, path]) => {
    if (path === undefined) return [arg, undefined] as const
    const buf = await ctx.probe.fetch(path)
    if (buf === null) throw new ModuleFailure(`${arg}: ${path} does not exist on ${ctx.host}`)
    return [arg, buf.toString('base64')] as const
  }))
  return Object.fromEntries(entries)
}

/** `kubeconfig`: a kubeconfig with one cluster, user and context merged in, embedded certs, mode 0600. */
export const kubeconfig: ModuleDef<KubeconfigArgs> = {
  name: 'kubeconfig',
  secretArgs: ['token'],
  schema: {
    type: 'object',
    properties: {
      path: STR, dest: STR, cluster: STR, server: STR, ca: STR, user: STR, client_cert: STR, client_key: STR, token: STR,
      context: STR, namespace: STR, current_context: BOOL, ...FILE_ATTRS,
    },
    required: ['cluster', 'server', 'user'],
    additionalProperties: false,
    anyOf: [{ properties: { path: STR }, required: ['path'] }, { properties: { dest: STR }, required: ['dest'] }],
    ...exclusive(['token', 'client_cert']),
    dependencies: { client_cert: ['client_key'], client_key: ['client_cert'] },
  },
  async plan(args, ctx) {
    const path = toStr(args.path ?? args.dest)
    if (!path) throw new ModuleFailure('kubeconfig: path is required')
    if (args.token !== undefined && args.client_cert !== undefined) throw new ModuleFailure('kubeconfig: token and client_cert are mutually exclusive')
    if ((args.client_cert === undefined) !== (args.client_key === undefined)) throw new ModuleFailure('kubeconfig: client_cert and client_key go together')
    const dir = posix.dirname(path)
    const [stats, current, files] = await Promise.all([
      probeStat(ctx.probe, [path, dir], { follow: true }),
      ctx.probe.fetch(path),
      embed(ctx, { ca: toStr(args.ca), client_cert: toStr(args.client_cert), client_key: toStr(args.client_key) }),
    ])
    const entries: KubeEntries = {
      cluster: { name: args.cluster, server: args.server, ...(files.ca ? { caData: files.ca } : {}) },
      user: { name: args.user, certData: files.client_cert, keyData: files.client_key, token: toStr(args.token) },
      context: { name: toStr(args.context) ?? args.cluster, ...(args.namespace ? { namespace: args.namespace } : {}) },
      useContext: toBool(args.current_context, 'current_context', true),
    }
    const before = parseKubeconfig(current === null ? null : current.toString('utf8'), path)
    const after = mergeKubeconfig(before, entries)
    const data = { path, cluster: entries.cluster.name, user: entries.user.name, context: entries.context.name, server: args.server }
    const st = stats.get(path)
    const want = { ...readAttrs(args), mode: readAttrs(args).mode ?? { kind: 'octal' as const, value: 0o600 } }
    if (st?.exists && st.type === 'directory') throw new ModuleFailure(`${path} is a directory`)
    const present = st?.exists ? st : undefined
    if (present && sameKubeconfig(before, after)) {
      const deltas = attrDeltas(present, want)
      if (!deltas.length) return { changed: false, noop: `${path}: cluster ${entries.cluster.name}, user ${entries.user.name} and context ${entries.context.name} are as wanted`, data }
      return { changed: true, changes: attrChanges(path, deltas), diffs: [attrDiff(path, deltas)], data }
    }
    const changes: Change[] = []
    if (!stats.get(dir)?.exists) changes.push({ kind: 'exec', cmd: sh`mkdir -p -- ${dir}`, reason: `create directory ${dir}` })
    const mode = fmtMode(wantedMode(want.mode, present ? parseInt(present.mode, 8) : undefined, false) ?? 0o600)
    const ids = { ...(want.owner !== undefined ? { owner: want.owner } : {}), ...(want.group !== undefined ? { group: want.group } : {}) }
    changes.push({ kind: 'put', path, content: Buffer.from(renderKubeconfig(after)), mode, ...ids })
    const text = kubeconfigDiffText(before, after)
    const diff: FileDiff = ctx.noLog ? { path, before: before ? '' : null, after: '', redacted: 'content hidden (no_log)' } : { path, ...text }
    return { changed: true, changes, diffs: [diff], data }
  },
}
