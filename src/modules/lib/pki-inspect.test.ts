import { beforeAll, describe, expect, it } from 'vitest'
import { makeCa, makeCert, SEED, type Pair } from '../testing/fake-pki.js'
import { certSummary, expiryReason, keyDiff, parseCert, sanDiff, signedBy, span, subjectDiff } from './pki-inspect.js'
import type { Rdn, San } from './pki-spec.js'

const ip = (value: string): San => ({ type: 'ip', value })
const dns = (value: string): San => ({ type: 'dns', value })

describe('comparisons', () => {
  it.each<[San[], San[], string | undefined]>([
    [[ip('127.0.0.1'), ip('10.0.0.1')], [ip('10.0.0.1'), ip('127.0.0.1')], undefined],
    [[ip('127.0.0.1')], [ip('127.0.0.1'), ip('10.0.0.4')], '+10.0.0.4'],
    [[ip('10.0.0.3'), dns('etcd')], [ip('10.0.0.4'), dns('ETCD')], '+10.0.0.4, -10.0.0.3'],
    [[ip('0:0:0:0:0:0:0:1')], [ip('::1')], undefined],
    [[dns('10.0.0.1')], [ip('10.0.0.1')], '+10.0.0.1, -10.0.0.1'],
  ])('SANs %j -> %j: %s', (have, want, d) => {
    expect(sanDiff(have, want)).toBe(d)
  })

  it.each<[Rdn[], Rdn[], string | undefined]>([
    [[['CN', 'etcd'], ['O', 'k8s']], [['O', 'k8s'], ['CN', 'etcd']], undefined],
    [[['O', 'k8s'], ['CN', 'admin']], [['O', 'system:masters'], ['CN', 'admin']], '+O=system:masters, -O=k8s'],
  ])('subject %j -> %j: %s', (have, want, d) => {
    expect(subjectDiff(have, want)).toBe(d)
  })

  it.each<[number, string]>([
    [12.5 * 86_400_000, '12 days'],
    [86_400_000, '1 day'],
    [3 * 3_600_000 + 1, '3 hours'],
    [55 * 60_000, '55 minutes'],
    [500, '0 seconds'],
  ])('span(%d) = %s', (ms, text) => {
    expect(span(ms)).toBe(text)
  })

  const now = new Date('2030-01-01T00:00:00Z')
  const DAY = 86_400_000
  it.each<[number, number, string | undefined]>([
    [12.2 * DAY, 30 * DAY, 'expires in 12 days'],
    [40 * DAY, 30 * DAY, undefined],
    [-3 * DAY, 30 * DAY, 'expired 3 days ago'],
    [30 * DAY, 30 * DAY, 'expires in 30 days'],
  ])('%d ms left, renew_before %d ms: %s', (left, before, reason) => {
    expect(expiryReason(new Date(now.getTime() + left), now, before)).toBe(reason)
  })

  it.each<[Parameters<typeof keyDiff>[0], Parameters<typeof keyDiff>[1], string | undefined]>([
    [{ algo: 'rsa', size: 2048 }, { algo: 'rsa', size: 2048 }, undefined],
    [{ algo: 'rsa', size: 2048 }, { algo: 'rsa', size: 4096 }, 'key differs: rsa-2048 -> rsa-4096'],
    [undefined, { algo: 'ecdsa', size: 256 }, 'key differs: unknown -> ecdsa-256'],
  ])('key %j -> %j: %s', (have, want, d) => {
    expect(keyDiff(have, want)).toBe(d)
  })
})

describe('parsing certificates', () => {
  let ca: Pair, other: Pair, etcd: Pair
  beforeAll(async () => {
    ca = await makeCa()
    other = await makeCa({ CN: 'other', key: SEED.caCsr.key }, 1)
    etcd = await makeCert(ca, { ...SEED.etcdCsr, hosts: ['127.0.0.1', 'etcd.local', 'ops@example.com', '::1'] })
  })

  it('reads subject, SANs, usages, CA flag, key and validity', () => {
    const c = parseCert(etcd.cert, 'etcd.pem')
    expect(c).toMatchObject({
      subject: [['C', 'CN'], ['ST', 'BeiJing'], ['L', 'BeiJing'], ['O', 'k8s'], ['OU', '4Paradigm'], ['CN', 'etcd']],
      issuer: [['C', 'CN'], ['ST', 'BeiJing'], ['L', 'BeiJing'], ['O', 'k8s'], ['OU', '4Paradigm'], ['CN', 'kubernetes']],
      sans: [ip('127.0.0.1'), dns('etcd.local'), { type: 'email', value: 'ops@example.com' }, expect.objectContaining({ type: 'ip' })],
      keyUsage: 1 | 4,
      extKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
      isCa: false,
      key: { algo: 'rsa', size: 2048 },
    })
    expect(c.notBefore.getTime()).toBeLessThanOrEqual(Date.now() - 5 * 60_000)
    expect(parseCert(ca.cert, 'ca.pem').isCa).toBe(true)
    expect(certSummary(c)).toBe(
      'subject: C=CN, ST=BeiJing, L=BeiJing, O=k8s, OU=4Paradigm, CN=etcd\n' +
      'sans: 127.0.0.1, etcd.local, ops@example.com, ::1\n' +
      `not_after: ${c.notAfter.toISOString()}\n` +
      'issuer: C=CN, ST=BeiJing, L=BeiJing, O=k8s, OU=4Paradigm, CN=kubernetes\n',
    )
  })

  it('knows its issuer by signature, not by name alone', async () => {
    const cert = parseCert(etcd.cert, 'etcd.pem')
    expect(await signedBy(cert, parseCert(ca.cert, 'ca.pem'))).toBe(true)
    expect(await signedBy(cert, parseCert(other.cert, 'other.pem'))).toBe(false)
    // same subject as the real CA, another key: a name match is not enough
    const impostor = await makeCa(SEED.caCsr, 1)
    expect(await signedBy(cert, parseCert(impostor.cert, 'impostor.pem'))).toBe(false)
  })

  it('refuses what is not a certificate, without echoing it', () => {
    expect(() => parseCert(etcd.key, 'etcd.pem')).toThrow(/^etcd.pem is not a readable PEM certificate$/)
  })
})
