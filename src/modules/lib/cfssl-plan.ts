/**
 * The two plans of the cfssl module. Both read the current files with one round of parallel
 * reads (fetches and one stat), decide, and, when a certificate must be (re)issued, generate
 * the key, certificate and CSR in the controller's memory: the plan's puts carry them.
 */
import { posix } from 'node:path'
import { probeStatOne } from '../../facts/stat.js'
import { sh } from '../../connection/quote.js'
import type { Change, FileDiff, Plan, PlanContext } from '../types.js'
import { ModuleFailure } from '../types.js'
import { certSummary, expiryReason, keyDiff, parseCert, rdnText, sanDiff, sanValue, signedBy, span, subjectDiff, usageDiff, type CertInfo } from './pki-inspect.js'
import { generateKey, keyLabel, publicOf, readKey, type LoadedKey } from './pki-keys.js'
import type { CsrSpec, Profile } from './pki-spec.js'
import { issueCa, issueSigned, makeCsr, type Signer } from './pki-x509.js'

/** Where the files of one `cfssljson -bare NAME` go. */
export interface Outputs {
  cert: string
  key: string
  csr: string
}

/** The file names cfssljson gives NAME in dest. */
export const outputsOf = (dest: string, name: string): Outputs => ({
  cert: posix.join(dest, `${name}.pem`),
  key: posix.join(dest, `${name}-key.pem`),
  csr: posix.join(dest, `${name}.csr`),
})

/** The CA certificate's default validity when the CSR has no ca.expiry (ten years). */
export const CA_EXPIRY_MS = 87_600 * 3_600_000

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'))

/** Reads a cert/key pair and its key's mode in one parallel round. */
async function readPair(ctx: PlanContext, out: Pick<Outputs, 'cert' | 'key'>) {
  const [cert, key, st] = await Promise.all([ctx.probe.fetch(out.cert), ctx.probe.fetch(out.key), probeStatOne(ctx.probe, out.key)])
  return { cert: text(cert), key: text(key), keyMode: st.exists ? st.mode : undefined }
}

/** The registered data of a certificate: never the key. */
function dataOf(out: Outputs, c: CertInfo): Record<string, unknown> {
  return { cert: out.cert, key: out.key, csr: out.csr, serial: c.serial, not_after: c.notAfter.toISOString(), sans: c.sans.map(sanValue), subject: rdnText(c.subject) }
}

/** Nothing to issue; the key's mode is still made 0600. */
function keep(out: Outputs, c: CertInfo, keyMode: string | undefined, noop: string): Plan {
  const data = dataOf(out, c)
  if (keyMode === undefined || keyMode === '0600') return { changed: false, noop, data }
  return {
    changed: true,
    changes: [{ kind: 'exec', cmd: sh`chmod 0600 -- ${out.key}`, reason: `mode of ${out.key}: ${keyMode} -> 0600 (a private key)` }],
    diffs: [{ path: out.key, before: `mode: ${keyMode}\n`, after: 'mode: 0600\n' }],
    data,
  }
}

/** The plan that writes a new key, certificate and CSR, with the reason and the diffs. */
async function issue(out: Outputs, spec: CsrSpec, reason: string, before: CertInfo | undefined, hadKey: boolean, make: (key: LoadedKey) => Promise<string>): Promise<Plan> {
  const key = await generateKey(spec.key)
  const pem = await make(key)
  const c = parseCert(pem, out.cert)
  const changes: Change[] = [
    { kind: 'exec', cmd: sh`mkdir -p -- ${posix.dirname(out.cert)}`, reason: `issue ${out.cert}: ${reason}` },
    { kind: 'put', path: out.key, content: Buffer.from(key.pem), mode: '0600' },
    { kind: 'put', path: out.cert, content: Buffer.from(pem), mode: '0644' },
    { kind: 'put', path: out.csr, content: Buffer.from(await makeCsr(spec.subject, spec.sans, key)), mode: '0644' },
  ]
  const diffs: FileDiff[] = [
    { path: out.cert, before: before ? certSummary(before) : null, after: certSummary(c) },
    { path: out.key, before: hadKey ? '' : null, after: '', redacted: `new ${keyLabel(spec.key)} private key (content hidden)` },
  ]
  return { changed: true, changes, diffs, data: dataOf(out, c) }
}

/** init_ca: a self-signed CA, made once; an existing one (cfssl's included) is kept, never replaced. */
export async function planInitCa(ctx: PlanContext, out: Outputs, spec: CsrSpec, renewBeforeMs: number): Promise<Plan> {
  const have = await readPair(ctx, out)
  if (have.cert === null && have.key === null) {
    const expiryMs = spec.caExpiryMs ?? CA_EXPIRY_MS
    return issue(out, spec, 'no CA yet', undefined, false, (key) => issueCa({ subject: spec.subject, sans: spec.sans, key, expiryMs, now: new Date() }, spec.caPathLen))
  }
  if (have.cert === null || have.key === null) {
    const [there, missing] = have.cert === null ? [out.key, out.cert] : [out.cert, out.key]
    throw new ModuleFailure(`${there} exists but ${missing} does not: an existing CA is never replaced; restore ${missing} or remove ${there}`)
  }
  const c = parseCert(have.cert, out.cert)
  if (!publicOf(have.key)?.equals(c.spki)) throw new ModuleFailure(`${out.key} does not match ${out.cert}: an existing CA is never replaced; fix the pair`)
  if (!c.isCa) throw new ModuleFailure(`${out.cert} is not a CA certificate (basicConstraints CA:FALSE)`)
  const notes: string[] = []
  const subj = subjectDiff(c.subject, spec.subject)
  if (subj) notes.push(`its subject differs from the CSR (${subj}) but an existing CA is never replaced`)
  const exp = expiryReason(c.notAfter, new Date(), renewBeforeMs)
  if (exp) notes.push(`it ${exp}: renew it by hand, krun never replaces a CA`)
  return keep(out, c, have.keyMode, `CA ${out.cert} exists and matches ${out.key}${notes.length ? `; ${notes.join('; ')}` : ''}`)
}

/** Reads and checks the signing CA: ca.pem and ca-key.pem under the prefix, matching each other. */
async function readCa(ctx: PlanContext, prefix: string): Promise<Signer & { info: CertInfo; path: string }> {
  const path = `${prefix}.pem`
  const keyPath = `${prefix}-key.pem`
  const [cert, key] = await Promise.all([ctx.probe.fetch(path), ctx.probe.fetch(keyPath)])
  if (cert === null || key === null) throw new ModuleFailure(`CA not found: ${cert === null ? path : keyPath} does not exist (create it with action: init_ca first)`)
  const info = parseCert(cert.toString('utf8'), path)
  const loaded = await readKey(key.toString('utf8'), keyPath)
  if (!loaded.spki.equals(info.spki)) throw new ModuleFailure(`${keyPath} does not match ${path}`)
  return { cert: info.cert, key: loaded, info, path }
}

/** Why an existing certificate must be re-issued: empty when it still fits. */
export async function staleReasons(cert: string | null, key: string | null, out: Outputs, spec: CsrSpec, profile: Profile, ca: CertInfo, renewBeforeMs: number, now: Date): Promise<{ reasons: string[]; info?: CertInfo }> {
  if (cert === null) return { reasons: ['no certificate yet'] }
  let info: CertInfo
  try {
    info = parseCert(cert, out.cert)
  } catch {
    return { reasons: [`${out.cert} is not a readable certificate`] }
  }
  const reasons: string[] = []
  if (key === null) reasons.push(`${out.key} is missing`)
  else if (!publicOf(key)?.equals(info.spki)) reasons.push(`${out.key} does not match the certificate`)
  if (!(await signedBy(info, ca))) reasons.push(`CA changed (issued by ${rdnText(info.issuer)})`)
  const checks: Array<[string, string | undefined]> = [
    ['subject differs: ', subjectDiff(info.subject, spec.subject)],
    ['SANs differ: ', sanDiff(info.sans, spec.sans)],
    [`usages differ from profile ${profile.name}: `, usageDiff(info, profile)],
    ['', keyDiff(info.key, spec.key)],
    ['', expiryReason(info.notAfter, now, renewBeforeMs)],
  ]
  for (const [label, d] of checks) if (d) reasons.push(label + d)
  return { reasons, info }
}

/** gencert: a certificate signed by the CA under `caPrefix` with the profile. */
export async function planGencert(ctx: PlanContext, out: Outputs, spec: CsrSpec, profile: Profile, caPrefix: string, renewBeforeMs: number): Promise<Plan> {
  const [ca, have] = await Promise.all([readCa(ctx, caPrefix), readPair(ctx, out)])
  const now = new Date()
  const { reasons, info } = await staleReasons(have.cert, have.key, out, spec, profile, ca.info, renewBeforeMs, now)
  if (!reasons.length && info) {
    return keep(out, info, have.keyMode, `${out.cert} is current: signed by ${ca.path}, subject, SANs and usages match, expires in ${span(info.notAfter.getTime() - now.getTime())}`)
  }
  // a profile shorter than renew_before re-issues on every run: say so rather than loop silently
  const short = profile.expiryMs <= renewBeforeMs ? ` (profile ${profile.name} expiry ${profile.expiry} is within renew_before: re-issued on every run)` : ''
  const make = (key: LoadedKey) => issueSigned({ subject: spec.subject, sans: spec.sans, key, expiryMs: profile.expiryMs, now }, profile, ca)
  return issue(out, spec, reasons.join('; ') + short, info, have.key !== null, make)
}
