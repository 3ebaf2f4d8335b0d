import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  appendKnownHost, blobKeyType, checkHostKey, entryMatches, fingerprint, knownHostsLine, knownKeyTypes, parseKnownHosts,
} from './known-hosts.js'

const dir = mkdtempSync(join(tmpdir(), 'krun-kh-'))

/** A fresh key pair made by ssh-keygen: public blob and its `type base64` text. */
function makeKey(name: string, type = 'ed25519'): { blob: Buffer; pub: string; file: string } {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file])
  const pub = readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ')
  return { blob: Buffer.from(pub.split(' ')[1]!, 'base64'), pub, file }
}

const a = makeKey('a')
const b = makeKey('b')
const e = makeKey('e', 'ecdsa')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('fingerprint', () => {
  it.each([['ed25519', a], ['ecdsa', e]])('matches ssh-keygen -lf for an %s key', (_t, k) => {
    const out = execFileSync('ssh-keygen', ['-lf', `${k.file}.pub`]).toString()
    expect(out.split(' ')[1]).toBe(fingerprint(k.blob))
  })
  it('reads the key type from the blob', () => {
    expect(blobKeyType(a.blob)).toBe('ssh-ed25519')
    expect(blobKeyType(e.blob)).toBe('ecdsa-sha2-nistp256')
  })
})

describe('parsing and matching', () => {
  const text = [
    '# comment',
    '',
    `10.0.0.1 ${a.pub}`,
    `web1,10.0.0.2 ${a.pub} comment here`,
    `[10.0.0.3]:2222 ${a.pub}`,
    `*.lab,!bad.lab ${b.pub}`,
    `@cert-authority *.corp ${a.pub}`,
    `@revoked 10.0.0.9 ${b.pub}`,
    '10.0.0.4 ssh-ed25519 not-base64-of-the-type',
    'malformed-line-without-key',
    '@unknown-marker 10.0.0.5 ' + a.pub,
  ].join('\n')
  const entries = parseKnownHosts(text, 'kh')

  it('keeps well-formed lines with their line numbers and markers', () => {
    expect(entries.map((x) => [x.line, x.marker ?? '-'])).toEqual([[3, '-'], [4, '-'], [5, '-'], [6, '-'], [7, 'cert-authority'], [8, 'revoked']])
  })

  it.each([
    ['10.0.0.1', 22, true],
    ['10.0.0.2', 22, true],
    ['web1', 22, true],
    ['10.0.0.3', 2222, true],
    ['10.0.0.3', 22, false],
    ['10.0.0.1', 2222, false],
    ['x.lab', 22, true],
    ['bad.lab', 22, false],
    ['WEB1', 22, true],
  ])('%s port %d is known: %s', (host, port, known) => {
    expect(checkHostKey(entries, host, port, host.endsWith('.lab') ? b.blob : a.blob).status).toBe(known ? 'known' : 'unknown')
  })

  it('a different key of the same type is a change, with the old entry', () => {
    const r = checkHostKey(entries, '10.0.0.1', 22, b.blob)
    expect(r.status).toBe('changed')
    expect(r.status === 'changed' && `${r.entry.file}:${r.entry.line}`).toBe('kh:3')
  })

  it('a key of another type is unknown, naming the known types', () => {
    expect(checkHostKey(entries, '10.0.0.1', 22, e.blob)).toEqual({ status: 'unknown', otherTypes: ['ssh-ed25519'] })
  })

  it('a revoked key is refused; cert-authority lines admit nothing', () => {
    expect(checkHostKey(entries, '10.0.0.9', 22, b.blob).status).toBe('revoked')
    expect(checkHostKey(entries, 'x.corp', 22, a.blob).status).toBe('unknown')
  })

  it('lists known key types for algorithm preference', () => {
    expect(knownKeyTypes(entries, 'web1', 22)).toEqual(['ssh-ed25519'])
    expect(knownKeyTypes(entries, 'nowhere', 22)).toEqual([])
  })
})

describe('hashed entries', () => {
  it.each([
    ['10.1.1.1', 22],
    ['10.1.1.2', 2200],
  ])('matches what ssh-keygen -H hashed for %s:%d', (host, port) => {
    const f = join(dir, `hashed-${port}`)
    writeFileSync(f, `${knownHostsLine(host, port, a.blob)}\n`)
    execFileSync('ssh-keygen', ['-q', '-H', '-f', f], { stdio: 'ignore' })
    const entries = parseKnownHosts(readFileSync(f, 'utf8'))
    expect(entries[0]?.hosts).toHaveProperty('salt')
    expect(entryMatches(entries[0]!, host, port)).toBe(true)
    expect(entryMatches(entries[0]!, '10.9.9.9', port)).toBe(false)
    expect(checkHostKey(entries, host, port, a.blob).status).toBe('known')
  })
})

describe('accept-new line', () => {
  it('is what OpenSSH reads back, appended after a last line without newline', () => {
    const f = join(dir, 'sub', 'known_hosts')
    appendKnownHost(f, `10.2.2.2 ${b.pub}`)
    writeFileSync(f, readFileSync(f, 'utf8').trimEnd())
    appendKnownHost(f, knownHostsLine('10.2.2.3', 2022, a.blob))
    const out = execFileSync('ssh-keygen', ['-F', '[10.2.2.3]:2022', '-f', f]).toString()
    expect(out).toContain(a.pub)
    expect(parseKnownHosts(readFileSync(f, 'utf8')).map((x) => x.line)).toEqual([1, 2])
  })
})
