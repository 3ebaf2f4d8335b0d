import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { LocalConnection, TIMEOUT_RC, becomeWrap, putScript } from './local.js'

const dir = mkdtempSync(join(tmpdir(), 'krun-local-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const conn = new LocalConnection('localhost')
const me = userInfo().username

describe('LocalConnection.exec', () => {
  it.each([
    ['stdout and rc', 'echo out; exit 3', {}, { rc: 3, stdout: 'out\n', stderr: '' }],
    ['stderr', 'echo err >&2', {}, { rc: 0, stdout: '', stderr: 'err\n' }],
    ['stdin', 'cat', { stdin: 'in put' }, { rc: 0, stdout: 'in put', stderr: '' }],
    ['env on top of the process env', 'printf %s "$KRUN_X"', { env: { KRUN_X: 'a b' } }, { rc: 0, stdout: 'a b', stderr: '' }],
    ['cwd', 'pwd', { cwd: '/tmp' }, { rc: 0, stdout: '/tmp\n', stderr: '' }],
    ['become as the current user runs without sudo', 'id -un', { become: { user: me } }, { rc: 0, stdout: `${me}\n`, stderr: '' }],
  ])('%s', async (_n, cmd, opts, expected) => {
    expect(await conn.exec(cmd, opts)).toEqual(expected)
  })

  it('a missing cwd is a failed result, not a throw', async () => {
    const r = await conn.exec('echo never', { cwd: join(dir, 'nope') })
    expect(r.rc).not.toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/can't cd|No such file/)
  })
  it('kills a command (and its children) at the timeout with rc 124', async () => {
    const t0 = Date.now()
    const r = await conn.exec('sleep 5 & sleep 5; echo late', { timeoutMs: 200 })
    expect(r.rc).toBe(TIMEOUT_RC)
    expect(r.stderr).toContain('timed out after 200 ms')
    expect(Date.now() - t0).toBeLessThan(3000)
  })
  it('a command that ignores its stdin does not break on EPIPE', async () => {
    expect((await conn.exec('exit 0', { stdin: Buffer.alloc(1 << 20) })).rc).toBe(0)
  })
})

describe('LocalConnection.put / fetch', () => {
  it('writes atomically with mode and owner, leaving no temporary file', async () => {
    const p = join(dir, 'a.conf')
    writeFileSync(p, 'old')
    await conn.put(p, Buffer.from('new\n'), { mode: '0640', owner: 'nobody', group: 'daemon' })
    expect(readFileSync(p, 'utf8')).toBe('new\n')
    const st = statSync(p)
    expect((st.mode & 0o7777).toString(8)).toBe('640')
    if (me === 'root') expect([st.uid, st.gid]).toEqual([65534, 1])
    expect(readdirSync(dir).filter((f) => f.startsWith('.krun-tmp-'))).toEqual([])
  })
  it('without a mode, a new file gets the umask default', async () => {
    const p = join(dir, 'plain')
    await conn.put(p, Buffer.from('x'))
    expect(statSync(p).mode & 0o777).toBe(0o666 & ~process.umask())
  })
  it('fails with a coded error (no stack) and cleans up when the owner is unknown', async () => {
    const p = join(dir, 'b.conf')
    const err = await conn.put(p, Buffer.from('x'), { owner: 'no-such-user-krun' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KrunError)
    expect((err as KrunError).code).toBe('E_PUT')
    expect((err as KrunError).format()).toMatch(/^cannot chown .*b\.conf to no-such-user-krun: .*invalid user/)
    expect(readdirSync(dir).filter((f) => f.startsWith('.krun-tmp-') || f === 'b.conf')).toEqual([])
  })
  it('fails with E_PUT when the directory is missing', async () => {
    const err = (await conn.put(join(dir, 'no/dir/f'), Buffer.from('x')).catch((e: unknown) => e)) as KrunError
    expect(err.code).toBe('E_PUT')
    expect(err.message).toMatch(/^cannot write .*no\/dir\/f: ENOENT/)
  })
  it('fetch returns the bytes, or null for a missing file', async () => {
    writeFileSync(join(dir, 'bin'), Buffer.from([0, 1, 2, 255]))
    expect(await conn.fetch(join(dir, 'bin'))).toEqual(Buffer.from([0, 1, 2, 255]))
    expect(await conn.fetch(join(dir, 'missing'))).toBeNull()
  })
})

describe('become wrapping (pure)', () => {
  it.each([
    ['same user: unchanged', { user: 'root' }, 'root', undefined, 'id -un'],
    ['other user: sudo -n', { user: 'etcd' }, 'root', undefined, "sudo -n -u etcd -- sh -c 'id -un'"],
    ['password: sudo -S with an empty prompt', { user: 'root', password: 'pw' }, 'deploy', undefined, "sudo -S -p '' -u root -- sh -c 'id -un'"],
    ['env survives sudo through env', { user: 'root' }, 'deploy', { A: 'x y' }, "sudo -n -u root -- env 'A=x y' sh -c 'id -un'"],
  ])('%s', (_n, become, current, env, expected) => {
    expect(becomeWrap('id -un', become, current, env)).toBe(expected)
  })
  it('the sudo put script really writes the file when run by sh', async () => {
    const target = join(dir, 'via-script')
    const r = await conn.exec(putScript(target, join(dir, '.krun-tmp-s'), { mode: '0640' }), { stdin: 'from stdin' })
    expect(r.rc).toBe(0)
    expect(readFileSync(target, 'utf8')).toBe('from stdin')
    expect(statSync(target).mode & 0o777).toBe(0o640)
  })
  it('the sudo put script writes a temp file, sets attributes and renames', () => {
    expect(putScript('/etc/x', '/etc/.krun-tmp-1', { mode: '0600', owner: 'root' })).toBe(
      "umask 077 && cat > /etc/.krun-tmp-1 && chmod 0600 /etc/.krun-tmp-1 && chown root /etc/.krun-tmp-1 && mv -f /etc/.krun-tmp-1 /etc/x || { rc=$?; rm -f /etc/.krun-tmp-1; exit $rc; }",
    )
  })
})
