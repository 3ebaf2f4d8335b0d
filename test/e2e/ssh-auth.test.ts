/**
 * Reaching real sshd on 2 light lab hosts: host key policy (changed, unknown, accept-new),
 * authentication methods (key files, encrypted keys, agent, default keys, password) and
 * ProxyJump.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshConnection, type SshConnectionOptions } from '../../src/connection/ssh.js'
import { HostKeyError } from '../../src/connection/ssh-errors.js'
import { resolveSshTarget, type SshTarget } from '../../src/connection/ssh-target.js'
import { UnreachableError } from '../../src/connection/types.js'
import { labDown, labUp, type LabInfo } from '../../src/lab/index.js'

const LAB = 'e2e-auth'
const tmp = mkdtempSync(join(tmpdir(), 'krun-e2e-auth-'))
/** A home without keys, so only what a test gives is tried. */
const emptyHome = join(tmp, 'home')
let lab: LabInfo
let targets: SshTarget[]
let agentPid: number | undefined
const conns: SshConnection[] = []

function connect(t: SshTarget, opts: SshConnectionOptions = {}): SshConnection {
  const c = new SshConnection(t, { home: emptyHome, ...opts })
  conns.push(c)
  return c
}

const fail = (p: Promise<unknown>): Promise<Error> => p.then(() => new Error('expected a failure'), (e: unknown) => e as Error)
const labLine = (address: string): string => readFileSync(lab.knownHostsPath, 'utf8').split('\n').find((l) => l.startsWith(`${address} `))!

beforeAll(async () => {
  mkdirSync(emptyHome)
  await labDown(LAB)
  lab = await labUp({ name: LAB, hosts: 2, light: true })
  const env = { home: emptyHome, localUser: 'root' }
  targets = lab.hosts.map((h) =>
    resolveSshTarget(h.name, { ansible_host: h.address, ansible_user: 'root', ansible_ssh_private_key_file: lab.keyPath, krun_ssh_known_hosts_file: lab.knownHostsPath }, {}, { blocks: [] }, env),
  )
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(tmp, 'other')])
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pass phrase', '-f', join(tmp, 'locked')])
  const pub = readFileSync(join(tmp, 'locked.pub'), 'utf8')
  await connect(targets[0]!).exec(`cat >> ~/.ssh/authorized_keys; useradd -m -s /bin/sh carol; echo 'carol:pw-42' | chpasswd`, { stdin: pub })
})

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close().catch(() => undefined)))
  if (agentPid) process.kill(agentPid, 'SIGTERM')
  await labDown(LAB)
  rmSync(tmp, { recursive: true, force: true })
})

describe('host keys', () => {
  it('refuses a changed host key and runs nothing', async () => {
    const kh = join(tmp, 'changed')
    const other = readFileSync(join(tmp, 'other.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
    writeFileSync(kh, `# first line\n${targets[0]!.address} ${other}\n`)
    const err = await fail(connect({ ...targets[0]!, knownHostsFile: kh }).exec('touch /root/ran-despite-changed-key'))
    expect(err).toBeInstanceOf(HostKeyError)
    expect((err as HostKeyError).reason).toBe('changed')
    expect(err.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED')
    expect(err.message).toContain(`${kh}:2`)
    expect((await connect(targets[0]!).exec('ls /root/ran-despite-changed-key')).rc).not.toBe(0)
  })

  it('refuses an unknown host with its fingerprint and the line to add', async () => {
    const kh = join(tmp, 'empty')
    writeFileSync(kh, '')
    const err = (await fail(connect({ ...targets[1]!, knownHostsFile: kh }).exec('true'))) as HostKeyError
    const line = labLine(targets[1]!.address)
    const fp = execFileSync('ssh-keygen', ['-lf', '-'], { input: line }).toString().split(' ')[1]!
    expect(err.reason).toBe('unknown')
    expect(err.message).toContain(fp)
    expect(err.hint).toBe(line)
    expect(readFileSync(kh, 'utf8')).toBe('')
  })

  it('with accept-new, trusts an unknown host and appends its line', async () => {
    const kh = join(tmp, 'accept-new')
    const r = await connect({ ...targets[1]!, knownHostsFile: kh, strictHostKeyChecking: 'accept-new' }).exec('hostname')
    expect(r.stdout).toBe('node2\n')
    expect(readFileSync(kh, 'utf8')).toBe(`${labLine(targets[1]!.address)}\n`)
  })
})

describe('authentication', () => {
  it('fails with a one-line reason naming what was tried', async () => {
    const err = await fail(connect({ ...targets[0]!, privateKeyPaths: [join(tmp, 'other'), join(tmp, 'locked')] }).exec('true'))
    expect(err).toBeInstanceOf(UnreachableError)
    expect(err.message).toBe(`ssh: authentication failed for root@${targets[0]!.address} (tried: key ${join(tmp, 'other')}, key ${join(tmp, 'locked')} (encrypted, no usable passphrase))`)
  })

  it('opens an encrypted key with the passphrase option', async () => {
    const r = await connect({ ...targets[0]!, privateKeyPaths: [join(tmp, 'locked')], passphrase: 'pass phrase' }).exec('id -un')
    expect(r.stdout).toBe('root\n')
  })

  it('asks for a missing passphrase once per key file, even for parallel connections', async () => {
    const asked: string[] = []
    const askPassphrase = async (p: string): Promise<string> => (asked.push(p), 'pass phrase')
    const t = { ...targets[0]!, privateKeyPaths: [join(tmp, 'locked')] }
    // Hosts connecting in parallel share one prompt; later connections reuse the answer.
    await Promise.all([connect(t, { askPassphrase }).exec('true'), connect(t, { askPassphrase }).exec('true')])
    await connect(t, { askPassphrase }).exec('true')
    expect(asked).toEqual([join(tmp, 'locked')])
  })

  it('uses keys in ssh-agent', async () => {
    const sock = join(tmp, 'agent.sock')
    const out = execFileSync('ssh-agent', ['-s', '-a', sock]).toString()
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1])
    execFileSync('ssh-add', ['-q', lab.keyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' })
    const { privateKeyPaths: _none, ...noKey } = targets[0]!
    expect((await connect({ ...noKey, agent: sock }).exec('id -un')).stdout).toBe('root\n')
  })

  it('tries ~/.ssh/id_ed25519 when no key is given', async () => {
    const home = join(tmp, 'home2')
    mkdirSync(join(home, '.ssh'), { recursive: true })
    copyFileSync(lab.keyPath, join(home, '.ssh/id_ed25519'))
    const { privateKeyPaths: _none, ...noKey } = targets[0]!
    expect((await connect(noKey, { home }).exec('id -un')).stdout).toBe('root\n')
  })

  it('logs in with a password, and says so when it is wrong', async () => {
    const { privateKeyPaths: _none, ...noKey } = targets[0]!
    expect((await connect({ ...noKey, user: 'carol', password: 'pw-42' }).exec('id -un')).stdout).toBe('carol\n')
    const err = await fail(connect({ ...noKey, user: 'carol', password: 'nope' }).exec('true'))
    expect(err.message).toBe(`ssh: authentication failed for carol@${targets[0]!.address} (tried: password)`)
  })
})

describe('ProxyJump', () => {
  it('tunnels through a bastion', async () => {
    const r = await connect({ ...targets[1]!, proxyJump: targets[0]! }).exec('hostname; echo $SSH_CLIENT')
    expect(r.stdout.split('\n')[0]).toBe('node2')
    expect(r.stdout.split('\n')[1]?.split(' ')[0]).toBe(targets[0]!.address)
  })

  it('names the bastion when the tunnel cannot reach the target', async () => {
    const err = await fail(connect({ ...targets[1]!, port: 2222, proxyJump: targets[0]! }).exec('true'))
    expect(err).toBeInstanceOf(UnreachableError)
    expect(err.message).toMatch(new RegExp(`^ssh: connect to ${targets[1]!.address.replace(/\./g, '\\.')}:2222 via root@${targets[0]!.address.replace(/\./g, '\\.')}:22: `))
  })
})
