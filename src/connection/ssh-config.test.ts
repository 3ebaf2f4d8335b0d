import { describe, expect, it } from 'vitest'
import { lookupHost, parseSshConfig, tokenize } from './ssh-config.js'
import { parseJumpSpec, resolveSshTarget, type SshEnv } from './ssh-target.js'

const env: SshEnv = { home: '/home/me', localUser: 'me' }

const files: Record<string, string> = {
  '/home/me/.ssh/conf.d/a.conf': 'Host inc1\n  HostName 10.5.0.1\n',
  '/home/me/.ssh/conf.d/b.conf': 'Host inc2\n  User incuser\n',
  '/home/me/.ssh/extra': 'Port 2201\n',
}

const config = parseSshConfig(
  `
# global comment
Include conf.d/*.conf
Host web?
    HostName %h.example.internal
    User deploy
    IdentityFile ~/.ssh/web_key
Host bastion
    HostName 192.0.2.77
    User jump
    Port 2222
Host db* !db-legacy
    ProxyJump bastion
    User dbadmin
Host db-legacy
    ProxyJump ops@bastion:2200,bastion
Host quoted
    IdentityFile "/path with space/key"
    StrictHostKeyChecking accept-new
    UserKnownHostsFile ~/.ssh/known_hosts_%h
Host conditional
    Include extra
Match host matched-*
    User fromMatch
Match exec "true"
    User never
Host *
    User fallback
    Port 22
    IdentityFile ~/.ssh/id_%r
    ConnectTimeout 7
Host web1
    User too-late
`,
  { home: '/home/me', read: (p) => files[p], listDir: (d) => Object.keys(files).filter((f) => f.startsWith(`${d}/`)).map((f) => f.slice(d.length + 1)) },
)

describe('ssh_config lookup', () => {
  it.each([
    ['web1', 'hostname', '%h.example.internal'],
    ['web1', 'user', 'deploy'],
    ['web12', 'user', 'fallback'],
    ['bastion', 'port', '2222'],
    ['db1', 'proxyjump', 'bastion'],
    ['db-legacy', 'user', 'fallback'],
    ['db-legacy', 'proxyjump', 'ops@bastion:2200,bastion'],
    ['inc1', 'hostname', '10.5.0.1'],
    ['inc2', 'user', 'incuser'],
    ['conditional', 'port', '2201'],
    ['other', 'port', '22'],
    ['matched-x', 'user', 'fromMatch'],
    ['quoted', 'stricthostkeychecking', 'accept-new'],
  ])('%s: %s = %s', (host, key, value) => {
    expect(lookupHost(config, host).get(key)?.[0]).toBe(value)
  })

  it('accumulates IdentityFile across blocks, first block first', () => {
    expect(lookupHost(config, 'web1').get('identityfile')).toEqual(['~/.ssh/web_key', '~/.ssh/id_%r'])
    expect(lookupHost(config, 'quoted').get('identityfile')).toEqual(['/path with space/key', '~/.ssh/id_%r'])
  })

  it('never applies an unevaluated Match', () => {
    expect(lookupHost(config, 'anything').get('user')).toEqual(['fallback'])
  })

  it.each([
    ['  User=alice', { key: 'user', args: ['alice'] }],
    ['Port = 22 # trailing', { key: 'port', args: ['22'] }],
    ['# comment', undefined],
    ['IdentityFile "a b"', { key: 'identityfile', args: ['a b'] }],
  ])('tokenizes %j', (line, want) => {
    expect(tokenize(line)).toEqual(want)
  })
})

describe('resolveSshTarget', () => {
  it('uses config for HostName, User, IdentityFile (with tokens), known_hosts and timeout', () => {
    const t = resolveSshTarget('web1', {}, {}, config, env)
    expect(t).toMatchObject({
      host: 'web1', address: 'web1.example.internal', port: 22, user: 'deploy',
      privateKeyPaths: ['/home/me/.ssh/web_key', '/home/me/.ssh/id_deploy'],
      knownHostsFile: '/home/me/.ssh/known_hosts', strictHostKeyChecking: 'yes', connectTimeoutMs: 7000,
    })
  })

  it.each([
    ['inventory vars beat CLI and config', { ansible_user: 'inv', ansible_port: 2022, ansible_ssh_private_key_file: '~/inv.key' }, { user: 'cli', privateKey: '/cli.key' }, { user: 'inv', port: 2022, privateKeyPaths: ['/home/me/inv.key'] }],
    ['CLI beats config', {}, { user: 'cli', privateKey: '/cli.key' }, { user: 'cli', privateKeyPaths: ['/cli.key'] }],
    ['config beats defaults', {}, {}, { user: 'deploy', port: 22 }],
    ['password from inventory over CLI', { ansible_password: 'p1' }, { password: 'p2' }, { password: 'p1' }],
    ['lab known_hosts var over CLI', { krun_ssh_known_hosts_file: '/lab/kh' }, { knownHostsFile: '/cli/kh' }, { knownHostsFile: '/lab/kh' }],
    ['CLI strictness over config', {}, { strictHostKeyChecking: 'no' as const }, { strictHostKeyChecking: 'no' }],
  ])('%s', (_name, vars, cli, want) => {
    expect(resolveSshTarget('web1', vars, cli, config, env)).toMatchObject(want)
  })

  it('matches config blocks against ansible_host, whose HostName still applies', () => {
    expect(resolveSshTarget('app', { ansible_host: 'bastion' }, {}, config, env)).toMatchObject({ host: 'app', address: '192.0.2.77', port: 2222, user: 'jump' })
  })

  it('falls back to the local user, port 22, ~/.ssh/known_hosts and no key list', () => {
    const t = resolveSshTarget('h', { ansible_host: '10.0.0.5' }, {}, { blocks: [] }, env)
    expect(t).toEqual({ host: 'h', address: '10.0.0.5', port: 22, user: 'me', knownHostsFile: '/home/me/.ssh/known_hosts', strictHostKeyChecking: 'yes' })
  })

  it('resolves ProxyJump through the config of the jump host', () => {
    const t = resolveSshTarget('db1', {}, {}, config, env)
    expect(t.proxyJump).toMatchObject({ host: 'bastion', address: '192.0.2.77', user: 'jump', port: 2222 })
  })

  it('chains ProxyJump lists: the last hop is reached through the earlier ones', () => {
    const t = resolveSshTarget('db-legacy', {}, {}, config, env)
    expect(t.proxyJump).toMatchObject({ address: '192.0.2.77', user: 'jump', port: 2222 })
    expect(t.proxyJump?.proxyJump).toMatchObject({ address: '192.0.2.77', user: 'ops', port: 2200 })
  })

  it('expands %h in UserKnownHostsFile and reads accept-new', () => {
    expect(resolveSshTarget('quoted', {}, {}, config, env)).toMatchObject({ knownHostsFile: '/home/me/.ssh/known_hosts_quoted', strictHostKeyChecking: 'accept-new' })
  })

  it.each([
    ['host', { host: 'host' }],
    ['u@host', { user: 'u', host: 'host' }],
    ['u@host:2200', { user: 'u', host: 'host', port: 2200 }],
    ['[::1]:22', { host: '::1', port: 22 }],
  ])('parses jump spec %s', (spec, want) => {
    expect(parseJumpSpec(spec)).toEqual(want)
  })
})
