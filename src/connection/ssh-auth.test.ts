import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { authAttempts, authHandler } from './ssh-auth.js'
import type { SshTarget } from './ssh-target.js'

const home = mkdtempSync(join(tmpdir(), 'krun-auth-'))
mkdirSync(join(home, '.ssh'))
const key = (p: string, pass = ''): string => (execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', pass, '-f', p]), p)
const explicit = key(join(home, 'explicit'))
const dflt = key(join(home, '.ssh/id_ed25519'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

const base: SshTarget = { host: 'h', address: '10.0.0.1', port: 22, user: 'u', knownHostsFile: '/dev/null', strictHostKeyChecking: 'yes' }

describe('authentication order', () => {
  it.each<[string, Partial<SshTarget>, string[]]>([
    ['explicit keys, then agent, no default keys', { privateKeyPaths: [explicit], agent: '/agent.sock' }, [`key ${explicit}`, 'agent']],
    ['default keys when none given', {}, [`key ${dflt}`]],
    ['agent before default keys', { agent: '/agent.sock' }, ['agent', `key ${dflt}`]],
    ['password last', { privateKeyPaths: [explicit], password: 'pw' }, [`key ${explicit}`, 'password', 'keyboard-interactive']],
  ])('%s', async (_name, over, labels) => {
    const { attempts } = await authAttempts({ ...base, ...over }, home)
    expect(attempts.map((a) => a.label)).toEqual(labels)
  })

  it('notes keys it cannot use instead of failing', async () => {
    const { attempts, notes } = await authAttempts({ ...base, privateKeyPaths: [join(home, 'missing')] }, home)
    expect(attempts).toEqual([])
    expect(notes).toEqual([`key ${join(home, 'missing')} (ENOENT)`])
  })
})

describe('auth handler', () => {
  it('skips methods the server does not offer and ends with false', async () => {
    const { attempts } = await authAttempts({ ...base, privateKeyPaths: [explicit], password: 'pw' }, home)
    const tried: string[] = []
    const h = authHandler(attempts, tried)
    const sent: unknown[] = []
    const next = (a: unknown): void => void sent.push(a === false ? false : (a as { type: string }).type)
    h(null as unknown as [], false, next) // ssh2 passes null before the server listed its methods
    h(['password'], false, next)
    h(['password'], false, next)
    expect(sent).toEqual(['publickey', 'password', false])
    expect(tried).toEqual([`key ${explicit}`, 'password'])
  })
})
