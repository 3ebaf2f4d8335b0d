import { describe, expect, it } from 'vitest'
import { parseGoDuration } from './go-duration.js'
import { KU, parseCsr, parseProfile, usageNames } from './pki-spec.js'

// the seed's files (003: ca-config.json, etcd-csr.json, admin-csr.json)
const SEED_CONFIG = {
  signing: {
    default: { expiry: '87600h' },
    profiles: { kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '87600h' } },
  },
}
const NAMES = [{ C: 'CN', ST: 'BeiJing', L: 'BeiJing', O: 'k8s', OU: '4Paradigm' }]
const ETCD_CSR = { CN: 'etcd', hosts: ['127.0.0.1', '192.168.0.91', '192.168.0.92', '192.168.0.93'], key: { algo: 'rsa', size: 2048 }, names: NAMES }

describe('Go durations', () => {
  it.each<[string, number | undefined]>([
    ['87600h', 87600 * 3600e3],
    ['720h0m0s', 720 * 3600e3],
    ['1h30m', 5400e3],
    ['1.5h', 5400e3],
    ['90s', 90e3],
    ['250ms', 250],
    ['0', 0],
    ['30d', undefined],
    ['1h 30m', undefined],
    ['', undefined],
    ['h', undefined],
  ])('%j -> %s ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms)
  })
})

describe('cfssl CSR JSON', () => {
  it('the seed etcd CSR: Go subject order, IP SANs, rsa 2048', () => {
    expect(parseCsr(ETCD_CSR, 'etcd-csr.json')).toEqual({
      cn: 'etcd',
      subject: [['C', 'CN'], ['ST', 'BeiJing'], ['L', 'BeiJing'], ['O', 'k8s'], ['OU', '4Paradigm'], ['CN', 'etcd']],
      sans: ['127.0.0.1', '192.168.0.91', '192.168.0.92', '192.168.0.93'].map((value) => ({ type: 'ip', value })),
      key: { algo: 'rsa', size: 2048 },
    })
  })

  it.each<[string, Record<string, unknown>, Partial<ReturnType<typeof parseCsr>>]>([
    ['hosts typed as cfssl does; empty entries dropped', { CN: 'x', hosts: ['a.example', 'x@y.z', '::1', ''] },
      { sans: [{ type: 'dns', value: 'a.example' }, { type: 'email', value: 'x@y.z' }, { type: 'ip', value: '::1' }] }],
    ['no key: cfssl default ecdsa 256', { CN: 'x' }, { key: { algo: 'ecdsa', size: 256 } }],
    ['size as text from a template, field names in any case', { cn: 'x', KEY: { ALGO: 'RSA', Size: '4096' } }, { cn: 'x', key: { algo: 'rsa', size: 4096 } }],
    ['two names entries: values grouped per attribute', { CN: 'admin', names: [{ O: 'system:masters' }, { O: 'k8s', C: 'CN' }] },
      { subject: [['C', 'CN'], ['O', 'system:masters'], ['O', 'k8s'], ['CN', 'admin']] }],
    ['ca.expiry and pathlen for init_ca', { CN: 'ca', ca: { expiry: '43800h', pathlen: 1 } }, { caExpiryMs: 43800 * 3600e3, caPathLen: 1 }],
  ])('%s', (_n, csr, expected) => {
    expect(parseCsr(csr, 'csr')).toMatchObject(expected)
  })

  it.each<[unknown, RegExp]>([
    ['etcd', /must be a mapping in cfssl's CSR JSON shape/],
    [{ CN: 'x', host: ['a'] }, /unknown CSR field\(s\) host/],
    [{ CN: 'x', names: [{ O: 'k8s', Org: 'x' }] }, /unknown name field\(s\) Org/],
    [{ CN: 'x', key: { algo: 'dsa' } }, /key.algo must be rsa or ecdsa/],
    [{ CN: 'x', key: { algo: 'rsa', size: 1024 } }, /rsa key size must be 2048..8192, got 1024/],
    [{ CN: 'x', key: { algo: 'ecdsa', size: 2048 } }, /ecdsa key size must be 256, 384 or 521/],
    [{ CN: 'x', hosts: '10.0.0.1' }, /hosts must be a list/],
    [{ hosts: [] }, /neither CN nor names/],
    [{ CN: 'x', ca: { expiry: '10y' } }, /ca.expiry: "10y" is not a duration/],
  ])('%j is refused', (csr, msg) => {
    expect(() => parseCsr(csr, 'csr')).toThrow(msg)
  })
})

describe('signing profiles (ca-config.json)', () => {
  it('the seed kubernetes profile: digitalSignature+keyEncipherment, serverAuth+clientAuth, ten years', () => {
    expect(parseProfile(SEED_CONFIG, 'kubernetes', 'ca-config.json')).toEqual({
      name: 'kubernetes',
      keyUsage: KU.digitalSignature | KU.keyEncipherment,
      extKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
      expiryMs: 87600 * 3600e3,
      expiry: '87600h',
    })
  })

  it("no config at all: cfssl's DefaultConfig (the four usages, 8760h)", () => {
    expect(parseProfile(undefined, undefined, 'ca_config')).toMatchObject({ name: 'default', keyUsage: 5, extKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'], expiry: '8760h' })
  })

  it("a profile without expiry takes the default's", () => {
    const cfg = { signing: { default: { expiry: '1h' }, profiles: { c: { usages: ['client auth'] } } } }
    expect(parseProfile(cfg, 'c', 'x')).toMatchObject({ expiryMs: 3600e3, keyUsage: 0, extKeyUsage: ['1.3.6.1.5.5.7.3.2'] })
  })

  it.each<[unknown, string | undefined, RegExp]>([
    [SEED_CONFIG, 'peer', /no signing profile 'peer' \(profiles: kubernetes\)/],
    [SEED_CONFIG, undefined, /profile default has no usages \(cfssl: "no key usage available"\)/],
    [{ signing: { profiles: { k: { usages: ['server auth', 'world domination'], expiry: '1h' } } } }, 'k', /unknown usage "world domination"/],
    [{ signing: { profiles: { k: { usages: ['server auth'], expiry: '1 year' } } } }, 'k', /profile k: expiry: "1 year" is not a duration/],
    [{ profiles: {} }, 'k', /needs a "signing" mapping/],
  ])('%j profile %s is refused', (cfg, name, msg) => {
    expect(() => parseProfile(cfg, name, 'ca-config.json')).toThrow(msg)
  })

  it('names usages as cfssl does', () => {
    expect(usageNames(KU.digitalSignature | KU.keyEncipherment | KU.keyCertSign, ['1.3.6.1.5.5.7.3.1', '1.2.3'])).toEqual(['signing', 'key encipherment', 'cert sign', 'server auth', '1.2.3'])
  })
})
