/**
 * SshConnection against real sshd on 3 light lab hosts: exec, channel cap, become, put and
 * fetch, parallelism, dropped connections, interrupted uploads, a stopped sshd.
 */
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshConnection } from '../../src/connection/ssh.js'
import { resolveSshTarget, type SshTarget } from '../../src/connection/ssh-target.js'
import { UnreachableError } from '../../src/connection/types.js'
import { labDown, labUp, type LabInfo } from '../../src/lab/index.js'

const LAB = 'e2e-ssh'
let lab: LabInfo
let targets: SshTarget[]
const conns: SshConnection[] = []

/** A connection that afterAll closes. */
function connect(t: SshTarget): SshConnection {
  const c = new SshConnection(t)
  conns.push(c)
  return c
}

beforeAll(async () => {
  await labDown(LAB)
  lab = await labUp({ name: LAB, hosts: 3, light: true })
  // The inventory's own variables, resolved as krun resolves any host (no ssh config).
  targets = lab.hosts.map((h) =>
    resolveSshTarget(h.name, { ansible_host: h.address, ansible_user: 'root', ansible_ssh_private_key_file: lab.keyPath, krun_ssh_known_hosts_file: lab.knownHostsPath }, {}, { blocks: [] }),
  )
})

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close().catch(() => undefined)))
  await labDown(LAB)
})

describe('exec', () => {
  it('returns stdout, stderr and rc, feeds stdin, sets env and cwd', async () => {
    const c = connect(targets[0]!)
    expect(await c.exec('hostname; echo oops >&2; exit 3')).toEqual({ rc: 3, stdout: 'node1\n', stderr: 'oops\n' })
    expect(await c.exec('tr a-z A-Z', { stdin: 'hello\n' })).toMatchObject({ rc: 0, stdout: 'HELLO\n' })
    expect(await c.exec('printf "%s|%s" "$A" "$(pwd)"', { env: { A: "it's $HOME" }, cwd: '/etc' })).toMatchObject({ stdout: "it's $HOME|/etc" })
  })

  it('runs plain commands in one persistent shell, each isolated from the last', async () => {
    const c = connect(targets[2]!)
    // $$ in a subshell is the driver shell's pid: the same for every command means one shell
    const pids = await Promise.all([0, 1, 2].map(async () => (await c.exec('echo $$')).stdout))
    const again = (await c.exec('echo $$')).stdout
    expect(pids.includes(again)).toBe(true)
    expect(await c.exec('cd /etc; X=1; exit 3')).toEqual({ rc: 3, stdout: '', stderr: '' })
    expect(await c.exec('printf "%s|%s" "${X:-unset}" "$(pwd)"')).toMatchObject({ rc: 0, stdout: `unset|${(await c.exec('cd; pwd')).stdout.trim()}` })
  })

  it('keeps output byte-exact through the shell: no trailing newline, binary, stderr apart, stdin at EOF', async () => {
    const c = connect(targets[2]!)
    expect(await c.exec('printf abc; printf err >&2')).toEqual({ rc: 0, stdout: 'abc', stderr: 'err' })
    // fetch as another user reads through `sudo cat` in the shell: 2 MB of random bytes come back exact
    const data = randomBytes(2 << 20)
    await c.put('/tmp/krun-bin', data, { mode: '0644' })
    const back = await c.fetch('/tmp/krun-bin', { become: { user: 'nobody' } })
    expect(back!.equals(data)).toBe(true)
    expect(await c.exec('cat; echo done')).toEqual({ rc: 0, stdout: 'done\n', stderr: '' })
  })

  it("a command's syntax error or a killed shell fails that command only", async () => {
    const c = connect(targets[2]!)
    const bad = await c.exec("echo 'unterminated")
    expect(bad.rc).toBe(2)
    expect(bad.stderr).toMatch(/Syntax error|unterminated/)
    expect(await c.exec('echo after')).toMatchObject({ rc: 0, stdout: 'after\n' })
    const killed = await c.exec('kill -9 $$')
    expect(killed.rc).toBe(255)
    expect(killed.stderr).toMatch(/remote shell ended/)
    expect(await c.exec('echo still')).toMatchObject({ rc: 0, stdout: 'still\n' })
  })

  it('runs 20 execs at once on one connection (channels capped, the rest queued)', async () => {
    const c = connect(targets[1]!)
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(`sleep 0.1; echo ${i}`)))
    expect(rs.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`))
    expect(rs.every((r) => r.rc === 0)).toBe(true)
  })

  it('runs a 2 s task on 3 hosts in parallel in under 4 s', async () => {
    const cs = targets.map((t) => connect(t))
    await Promise.all(cs.map((c) => c.exec('true')))
    const t0 = Date.now()
    const rs = await Promise.all(cs.map((c) => c.exec('sleep 2; hostname')))
    expect(Date.now() - t0).toBeLessThan(4000)
    expect(rs.map((r) => r.stdout.trim())).toEqual(['node1', 'node2', 'node3'])
  })

  it('stops a command at its timeout with rc 124', async () => {
    const r = await connect(targets[0]!).exec('sleep 10', { timeoutMs: 500 })
    expect(r.rc).toBe(124)
    expect(r.stderr).toMatch(/timed out after 500 ms/)
  })

  it('becomes another user with sudo, with a password that never shows', async () => {
    const root = connect(targets[0]!)
    await root.exec(
      "id alice >/dev/null 2>&1 || useradd -m -s /bin/sh alice; echo 'alice:s3cret' | chpasswd; echo 'alice ALL=(ALL) ALL' > /etc/sudoers.d/alice; " +
        'install -d -o alice -m 700 ~alice/.ssh; install -o alice -m 600 ~/.ssh/authorized_keys ~alice/.ssh/',
    )
    const alice = connect({ ...targets[0]!, user: 'alice' })
    const ok = await alice.exec('id -un; cat', { become: { user: 'root', password: 's3cret' }, stdin: 'data\n' })
    expect(ok).toEqual({ rc: 0, stdout: 'root\ndata\n', stderr: '' })
    const bad = await alice.exec('id -un', { become: { user: 'root', password: 'wrong' } })
    expect(bad.rc).not.toBe(0)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toMatch(/incorrect password/)
    expect(bad.stderr).not.toMatch(/krun-sudo|wrong/)
    expect((await alice.exec('id -un', { become: { user: 'root' } })).stderr).toMatch(/password is required/)
  })
})

describe('files', () => {
  it('puts content, mode and owner; fetches it back; null when missing', async () => {
    const c = connect(targets[0]!)
    const bytes = randomBytes(100_000)
    await c.put('/etc/krun-e2e.bin', bytes, { mode: '0640', owner: 'daemon', group: 'daemon' })
    expect((await c.exec('stat -c "%a %U %G %s" /etc/krun-e2e.bin')).stdout).toBe('640 daemon daemon 100000\n')
    expect((await c.fetch('/etc/krun-e2e.bin'))?.equals(bytes)).toBe(true)
    expect(await c.fetch('/etc/krun-e2e.missing')).toBeNull()
    expect((await c.exec('ls -a /etc | grep -c krun-tmp || true')).stdout).toBe('0\n')
  })

  it('replaces a file atomically: a reader sees the old or the new content, never a mix', async () => {
    const c = connect(targets[1]!)
    const a = Buffer.alloc(2_000_000, 'a')
    const b = Buffer.alloc(2_000_000, 'b')
    const sums = new Set([a, b].map((x) => createHash('md5').update(x).digest('hex')))
    await c.put('/opt/atomic', a)
    const reader = c.exec('i=0; while [ $i -lt 150 ]; do md5sum < /opt/atomic; i=$((i+1)); done')
    for (let i = 0; i < 6; i++) await c.put('/opt/atomic', i % 2 ? a : b)
    const seen = new Set((await reader).stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0]))
    for (const s of seen) expect(sums.has(s!)).toBe(true)
  })

  it('an upload cut off midway leaves the old file; the next put sweeps the stale temp file', async () => {
    const t = targets[2]!
    const c = connect(t)
    const watcher = connect(t)
    await c.put('/var/big', Buffer.from('old content\n'))
    const upload = c.put('/var/big', Buffer.alloc(300_000_000, 'x'))
    const failed = upload.then(() => undefined, (e: unknown) => e)
    // Cut the transport once the temp file has grown.
    for (let i = 0; i < 500; i++) {
      const size = Number((await watcher.exec('stat -c %s /var/.krun-tmp-* 2>/dev/null || echo 0')).stdout.trim().split('\n')[0])
      if (size > 1_000_000) break
      await new Promise((r) => setTimeout(r, 10))
    }
    c.abort()
    expect(await failed).toBeInstanceOf(UnreachableError)
    expect((await watcher.fetch('/var/big'))?.toString()).toBe('old content\n')
    const left = (await watcher.exec('ls -a /var | grep krun-tmp || true')).stdout.trim()
    expect(left).not.toBe('')
    // A dropped connection cannot clean up; a later put does, once the file is stale (age it as an hour passing would).
    await watcher.exec(`touch -d '-1 hour' /var/.krun-tmp-*`)
    await c.put('/var/big', Buffer.from('new\n'))
    expect((await c.exec('ls -a /var | grep -c krun-tmp || true')).stdout).toBe('0\n')
    expect((await c.fetch('/var/big'))?.toString()).toBe('new\n')
  })
})

describe('reaching hosts', () => {
  it('a dropped connection rejects running commands with UnreachableError; the next call reconnects', async () => {
    const c = connect(targets[0]!)
    const running = c.exec('sleep 5').catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 300))
    c.abort()
    expect(await running).toBeInstanceOf(UnreachableError)
    expect((await c.exec('echo back')).stdout).toBe('back\n')
  })

  it('a host whose sshd stopped is unreachable with a reason; the others are unaffected', async () => {
    const [c1, c2, c3] = targets.map((t) => connect(t))
    await Promise.all([c1!, c2!, c3!].map((c) => c.exec('true')))
    // sshd is PID 1 of a light host: stopping it takes the host's processes, and our connection, with it.
    const during = c3!.exec('sleep 5').catch((e: unknown) => e)
    // The connection that stops sshd goes down with it.
    await connect(targets[2]!).exec('kill -TERM 1').catch(() => undefined)
    expect(await during).toBeInstanceOf(UnreachableError)
    const err = (await connect(targets[2]!).exec('true').catch((e: unknown) => e)) as Error
    expect(err).toBeInstanceOf(UnreachableError)
    expect(err.message).toBe(`ssh: connect to ${targets[2]!.address}:22: Connection refused`)
    const rs = await Promise.all([c1!, c2!].map((c) => c.exec('hostname')))
    expect(rs.map((r) => r.stdout)).toEqual(['node1\n', 'node2\n'])
  })
})
