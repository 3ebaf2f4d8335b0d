import { readFileSync } from 'node:fs'
import { STR, toStr } from './lib/args.js'
import { durationArg } from './lib/go-duration.js'
import { parseCsr, parseProfile } from './lib/pki-spec.js'
import { ModuleFailure, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `cfssl` (see /tmp/krun/CFSSL.md for the contract). */
export interface CfsslArgs {
  action: 'init_ca' | 'gencert'
  /** A mapping in cfssl's CSR JSON shape, or a path to a `*-csr.json` on the controller. */
  csr: Record<string, unknown> | string
  /** Directory on the host the task runs on: NAME.pem, NAME-key.pem, NAME.csr. */
  dest: string
  /** Output base name, as `cfssljson -bare NAME` (init_ca: default `ca`). */
  name?: string
  /** gencert: the CA prefix on the same host (PREFIX.pem + PREFIX-key.pem). */
  ca?: string
  /** gencert: a mapping in ca-config.json shape, or a path to one on the controller. */
  ca_config?: Record<string, unknown> | string
  /** gencert: the signing profile (default: the config's default). */
  profile?: string
  /** Re-issue when the certificate expires within this Go duration (default 720h). */
  renew_before?: string
}

const JSON_ARG = { type: ['object', 'string'] } as const

/** The default renew_before: 30 days. */
export const RENEW_BEFORE = '720h'

/**
 * An inline mapping as is; a string is inline JSON when it starts with `{`, else a file on the
 * controller, found like copy's src (role files/, playbook files/, then as given).
 */
export function jsonArg(v: unknown, arg: string, ctx: PlanContext): { value: unknown; where: string } {
  if (typeof v !== 'string') return { value: v, where: arg }
  const s = v.trim()
  const [where, source] = s.startsWith('{') ? [arg, s] : [s, readFileSync(ctx.findFile('files', s), 'utf8')]
  try {
    return { value: JSON.parse(source) as unknown, where }
  } catch (e) {
    throw new ModuleFailure(`${where}: not valid JSON: ${(e as Error).message}`)
  }
}

/**
 * `cfssl`: a CA (init_ca) and certificates signed by it (gencert), written as
 * `cfssl gencert ... | cfssljson -bare NAME` writes them, generated natively, re-issued only
 * when subject, SANs, usages, CA or key no longer fit or the certificate expires within renew_before.
 */
export const cfssl: ModuleDef<CfsslArgs> = {
  name: 'cfssl',
  schema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['init_ca', 'gencert'] },
      csr: JSON_ARG, dest: STR, name: STR, ca: STR, ca_config: JSON_ARG, profile: STR, renew_before: STR,
    },
    required: ['action', 'csr', 'dest'],
    additionalProperties: false,
    // gencert needs a CA and a name: a load-time error, not a failed run
    if: { properties: { action: { const: 'gencert' } }, required: ['action'] },
    then: { properties: { ca: STR, name: STR }, required: ['ca', 'name'] },
  },
  async plan(args, ctx) {
    // loaded on first use: the X.509 library costs ~100 ms of start-up that other runs need not pay
    const { outputsOf, planGencert, planInitCa } = await import('./lib/cfssl-plan.js')
    const dest = toStr(args.dest)
    if (!dest) throw new ModuleFailure('cfssl: dest is required')
    const csr = jsonArg(args.csr, 'csr', ctx)
    const spec = parseCsr(csr.value, csr.where)
    const renewBefore = durationArg(args.renew_before ?? RENEW_BEFORE, 'renew_before')
    if (args.action === 'init_ca') {
      for (const k of ['ca', 'ca_config', 'profile'] as const) if (args[k] !== undefined) throw new ModuleFailure(`cfssl: ${k} applies to action gencert only`)
      return planInitCa(ctx, outputsOf(dest, toStr(args.name) ?? 'ca'), spec, renewBefore)
    }
    const name = toStr(args.name)
    const caPrefix = toStr(args.ca)?.replace(/\.pem$/, '')
    if (!name || !caPrefix) throw new ModuleFailure('cfssl: gencert needs ca and name')
    const config = args.ca_config === undefined ? { value: undefined, where: 'ca_config' } : jsonArg(args.ca_config, 'ca_config', ctx)
    const profile = parseProfile(config.value, toStr(args.profile), config.where)
    return planGencert(ctx, outputsOf(dest, name), spec, profile, caPrefix, renewBefore)
  },
}
