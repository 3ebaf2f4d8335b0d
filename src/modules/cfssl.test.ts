import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cfssl, type CfsslArgs } from './cfssl.js'
import { parseCert } from './lib/pki-inspect.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import { makeCa, makeCert, SEED, type Pair } from './testing/fake-pki.js'
import type { Plan } from './types.js'

const ctrl = mkdtempSync(join(tmpdir(), 'krun-cfssl-'))
afterAll(() => rmSync(ctrl, { recursive: true, force: true }))
writeFileSync(join(ctrl, 'etcd-csr.json'), JSON.stringify(SEED.etcdCsr))
writeFileSync(join(ctrl, 'ca-config.json'), JSON.stringify(SEED.caConfig))

const CA = '/etc/kubernetes/cert/ca'
const ETCD = { action: 'gencert', csr: SEED.etcdCsr, dest: '/etc/etcd/cert', name: 'etcd', ca: CA, ca_config: SEED.caConfig, profile: 'kubernetes' } as const
const f = (content: string, mode = '0644') => ({ content, mode })

let ca: Pair, otherCa: Pair, etcd: Pair, admin: Pair, soon: Pair, ecEtcd: Pair
beforeAll(async () => {
  ca = await makeCa()
  otherCa = await makeCa({ ...SEED.caCsr, CN: 'other' }, 1)
  etcd = await makeCert(ca)
  admin = await makeCert(ca, { CN: 'admin', key: SEED.etcdCsr.key, names: [{ O: 'system:masters' }] }, { slot: 2 })
  soon = await makeCert(ca, SEED.etcdCsr, { days: 12 })
  ecEtcd = await makeCert(ca, { ...SEED.etcdCsr, key: { algo: 'ecdsa', size: 256 } })
})

/** The fake host: the CA, and etcd's files from the named fixture. */
function host(cert?: Pair, opts: { keyMode?: string; key?: Pair | null; caPair?: Pair | null } = {}): FakeFs {
  const fs: FakeFs = {}
  const c = opts.caPair === undefined ? ca : opts.caPair
  if (c) Object.assign(fs, { [`${CA}.pem`]: f(c.cert), [`${CA}-key.pem`]: f(c.key, '0600') })
  if (cert) fs['/etc/etcd/cert/etcd.pem'] = f(cert.cert)
  const k = opts.key === undefined ? cert : opts.key
  if (k) fs['/etc/etcd/cert/etcd-key.pem'] = f(k.key, opts.keyMode ?? '0600')
  return fs
}
const plan = (fs: FakeFs, args: Record<string, unknown>): Promise<Plan> =>
  cfssl.plan(args as unknown as CfsslArgs, fakeContext(fs, { findFile: (_k, n) => join(ctrl, n) }))
const reason = (p: Plan) => (p.changed ? p.changes.find((c) => c.kind === 'exec')?.reason : undefined)

describe('cfssl gencert plans', () => {
  it.each<[string, () => FakeFs, Record<string, unknown>, string]>([
    ['no certificate yet', () => host(), {}, 'issue /etc/etcd/cert/etcd.pem: no certificate yet'],
    ['an IP added to hosts', () => host(etcd), { csr: { ...SEED.etcdCsr, hosts: [...SEED.etcdCsr.hosts, '10.0.0.4'] } }, 'issue /etc/etcd/cert/etcd.pem: SANs differ: +10.0.0.4'],
    ['an IP replaced', () => host(etcd), { csr: { ...SEED.etcdCsr, hosts: ['127.0.0.1', '192.168.0.91', '192.168.0.92', 'etcd.local'] } }, 'SANs differ: +etcd.local, -192.168.0.93'],
    ['signed by another CA', () => host(etcd, { caPair: otherCa }), {}, 'CA changed (issued by C=CN, ST=BeiJing, L=BeiJing, O=k8s, OU=4Paradigm, CN=kubernetes)'],
    ['another subject', () => host(admin), { csr: { ...SEED.etcdCsr, CN: 'admin', hosts: [] } }, 'subject differs: +C=CN, +ST=BeiJing, +L=BeiJing, +O=k8s, +OU=4Paradigm, -O=system:masters'],
    ['a narrower profile', () => host(etcd), { profile: 'server' }, 'usages differ from profile server: -client auth'],
    ['the CSR asks for another key type', () => host(etcd), { csr: { ...SEED.etcdCsr, key: { algo: 'ecdsa', size: 256 } } }, 'key differs: rsa-2048 -> ecdsa-256'],
    ['expiring within renew_before (30 days)', () => host(soon), {}, 'issue /etc/etcd/cert/etcd.pem: expires in 12 days'],
    ['the key is missing', () => host(etcd, { key: null }), {}, '/etc/etcd/cert/etcd-key.pem is missing'],
    ["the key is another cert's", () => host(etcd, { key: admin }), {}, '/etc/etcd/cert/etcd-key.pem does not match the certificate'],
    ['a profile shorter than renew_before says it re-issues every run', () => host(), { profile: 'short' },
      'no certificate yet (profile short expiry 1h is within renew_before: re-issued on every run)'],
    ['csr and ca_config as controller files', () => host(soon), { csr: 'etcd-csr.json', ca_config: 'ca-config.json' }, 'expires in 12 days'],
  ])('%s: changed', async (_n, fs, over, why) => {
    const p = await plan(fs(), { ...ETCD, ...over })
    expect(p.changed).toBe(true)
    expect(reason(p)).toContain(why)
  })

  it.each<[string, () => FakeFs, Record<string, unknown>, RegExp]>([
    ['the same cert', () => host(etcd), {}, /^\/etc\/etcd\/cert\/etcd.pem is current: signed by \/etc\/kubernetes\/cert\/ca.pem, subject, SANs and usages match, expires in 36\d\d days$/],
    ['hosts in another order, CSR as inline JSON text', () => host(etcd), { csr: JSON.stringify({ ...SEED.etcdCsr, hosts: [...SEED.etcdCsr.hosts].reverse() }) }, /is current/],
    ['12 days left, renew_before 240h', () => host(soon), { renew_before: '240h' }, /expires in 12 days$/],
    ['ecdsa key as asked', () => host(ecEtcd), { csr: { ...SEED.etcdCsr, key: { algo: 'ecdsa', size: 256 } } }, /is current/],
  ])('%s: ok', async (_n, fs, over, noop) => {
    const p = await plan(fs(), { ...ETCD, ...over })
    expect(p).toMatchObject({ changed: false, noop: expect.stringMatching(noop) })
  })

  it('a new cert: key 0600 first, then cert and CSR 0644; diff shows subject/SANs/expiry/issuer, never the key', async () => {
    const p = await plan(host(etcd), { ...ETCD, csr: { ...SEED.etcdCsr, hosts: [...SEED.etcdCsr.hosts, '10.0.0.4'] } })
    if (!p.changed) throw new Error('expected a change')
    expect(p.changes.map((c) => [c.kind, c.kind === 'exec' ? c.cmd : c.path, c.kind === 'put' ? c.mode : undefined])).toEqual([
      ['exec', 'mkdir -p -- /etc/etcd/cert', undefined],
      ['put', '/etc/etcd/cert/etcd-key.pem', '0600'],
      ['put', '/etc/etcd/cert/etcd.pem', '0644'],
      ['put', '/etc/etcd/cert/etcd.csr', '0644'],
    ])
    const [key, cert, csr] = p.changes.slice(1).map((c) => (c.kind === 'put' ? c.content.toString() : ''))
    expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/)
    const info = parseCert(cert!, 'etcd.pem')
    const subject = 'subject: C=CN, ST=BeiJing, L=BeiJing, O=k8s, OU=4Paradigm, CN=etcd'
    const issuer = 'issuer: C=CN, ST=BeiJing, L=BeiJing, O=k8s, OU=4Paradigm, CN=kubernetes'
    expect(p.diffs).toEqual([
      { path: '/etc/etcd/cert/etcd.pem',
        before: `${subject}\nsans: 127.0.0.1, 192.168.0.91, 192.168.0.92, 192.168.0.93\nnot_after: ${parseCert(etcd.cert, 'x').notAfter.toISOString()}\n${issuer}\n`,
        after: `${subject}\nsans: 127.0.0.1, 192.168.0.91, 192.168.0.92, 192.168.0.93, 10.0.0.4\nnot_after: ${info.notAfter.toISOString()}\n${issuer}\n` },
      { path: '/etc/etcd/cert/etcd-key.pem', before: '', after: '', redacted: 'new rsa-2048 private key (content hidden)' },
    ])
    expect(p.data).toEqual({ cert: '/etc/etcd/cert/etcd.pem', key: '/etc/etcd/cert/etcd-key.pem', csr: '/etc/etcd/cert/etcd.csr',
      serial: info.serial, not_after: info.notAfter.toISOString(), sans: ['127.0.0.1', '192.168.0.91', '192.168.0.92', '192.168.0.93', '10.0.0.4'],
      subject: 'C=CN, ST=BeiJing, L=BeiJing, O=k8s, OU=4Paradigm, CN=etcd' })
    expect(info.serial).toMatch(/^[0-7][0-9a-f]{39}$/)
    const shown = JSON.stringify([p.diffs, p.data, p.changes.filter((c) => c.kind === 'exec')])
    expect(shown).not.toContain('PRIVATE KEY')
    expect(shown).not.toContain(key!.split('\n')[1]!.slice(0, 40))
  })

  it('a current cert whose key is world-readable: only a chmod, shown as a mode change', async () => {
    expect(await plan(host(etcd, { keyMode: '0644' }), ETCD)).toMatchObject({
      changed: true,
      changes: [{ kind: 'exec', cmd: 'chmod 0600 -- /etc/etcd/cert/etcd-key.pem', reason: 'mode of /etc/etcd/cert/etcd-key.pem: 0644 -> 0600 (a private key)' }],
      diffs: [{ path: '/etc/etcd/cert/etcd-key.pem', before: 'mode: 0644\n', after: 'mode: 0600\n' }],
    })
  })

  it.each<[string, () => FakeFs, Record<string, unknown>, RegExp]>([
    ['no CA', () => host(undefined, { caPair: null }), {}, /CA not found: \/etc\/kubernetes\/cert\/ca.pem does not exist \(create it with action: init_ca first\)/],
    ['unknown profile', () => host(), { profile: 'peer' }, /ca_config: no signing profile 'peer'/],
    ['the default profile without usages', () => host(), { profile: undefined }, /profile default has no usages/],
    ['a bad CSR file', () => host(), { csr: 'etcd-csr.json', ca_config: '{"signing": ' }, /ca_config: not valid JSON/],
    ['init_ca-only arguments', () => host(), { action: 'init_ca', ca: undefined, name: 'ca' }, /ca_config applies to action gencert only/],
    ['a bad renew_before', () => host(), { renew_before: '30 days' }, /renew_before: "30 days" is not a duration/],
  ])('%s fails', async (_n, fs, over, msg) => {
    await expect(plan(fs(), { ...ETCD, ...over })).rejects.toThrow(msg)
  })
})

describe('cfssl init_ca plans', () => {
  const INIT = { action: 'init_ca', csr: SEED.caCsr, dest: '/etc/kubernetes/cert' }
  it('no CA: a self-signed CA, key 0600', async () => {
    const p = await plan({}, INIT)
    if (!p.changed) throw new Error('expected a change')
    expect(reason(p)).toBe('issue /etc/kubernetes/cert/ca.pem: no CA yet')
    const cert = p.changes.find((c) => c.kind === 'put' && c.path.endsWith('/ca.pem'))
    const info = parseCert(cert?.kind === 'put' ? cert.content.toString() : '', 'ca.pem')
    expect({ isCa: info.isCa, ku: info.keyUsage, years: Math.round((info.notAfter.getTime() - Date.now()) / (365 * 86_400_000)) }).toEqual({ isCa: true, ku: 32 | 64, years: 10 })
    expect(p.changes.find((c) => c.kind === 'put' && c.path.endsWith('ca-key.pem'))).toMatchObject({ mode: '0600' })
  })

  it.each<[string, () => FakeFs, Record<string, unknown>, RegExp]>([
    ['an existing CA', () => host(), {}, /^CA \/etc\/kubernetes\/cert\/ca.pem exists and matches \/etc\/kubernetes\/cert\/ca-key.pem$/],
    ['an existing CA with another subject is kept', () => host(undefined, { caPair: otherCa }), {}, /matches \/etc\/kubernetes\/cert\/ca-key.pem; its subject differs from the CSR \(\+CN=kubernetes, -CN=other\) but an existing CA is never replaced$/],
    ['an existing CA close to expiry is kept', () => host(), { renew_before: '87600h' }, /it expires in 36\d\d days: renew it by hand/],
  ])('%s: ok', async (_n, fs, over, noop) => {
    expect(await plan(fs(), { ...INIT, ...over })).toMatchObject({ changed: false, noop: expect.stringMatching(noop) })
  })

  it.each<[string, () => FakeFs, RegExp]>([
    ['cert without key', () => ({ [`${CA}.pem`]: f(ca.cert) }), /ca.pem exists but \/etc\/kubernetes\/cert\/ca-key.pem does not: an existing CA is never replaced/],
    ['key without cert', () => ({ [`${CA}-key.pem`]: f(ca.key) }), /ca-key.pem exists but \/etc\/kubernetes\/cert\/ca.pem does not/],
    ['a pair that does not match', () => ({ [`${CA}.pem`]: f(ca.cert), [`${CA}-key.pem`]: f(otherCa.key) }), /ca-key.pem does not match/],
    ['a leaf certificate', () => ({ [`${CA}.pem`]: f(etcd.cert), [`${CA}-key.pem`]: f(etcd.key) }), /is not a CA certificate/],
    ['garbage', () => ({ [`${CA}.pem`]: f('junk'), [`${CA}-key.pem`]: f('junk') }), /ca.pem is not a readable PEM certificate/],
  ])('%s fails', async (_n, fs, msg) => {
    await expect(plan(fs(), INIT)).rejects.toThrow(msg)
  })
})
