import { describe, expect, it } from 'vitest'
import { authorized_key } from './authorized-key.js'
import { editKeys, parseKeyLine } from './lib/ssh-keys.js'
import { splitArgs } from './lib/shlex.js'
import { accountsAnswer } from './testing/fake-accounts.js'
import type { FakeFs } from './testing/fake-host.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { Change, Plan } from './types.js'

const A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlice alice@laptop'
const B = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABBob bob@ci'
const C = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhCarol carol'
const FILE = '/home/alice/.ssh/authorized_keys'
// the fake host's stat gives every name but root/www/etcd uid and gid 1000
const DB = { passwd: ['alice:x:1000:1000::/home/alice:/bin/bash', 'bob:x:1000:1000::/home/bob:/bin/sh', 'carl:x:1000:1000::/home/carl:/bin/sh'] }
const FS: FakeFs = {
  '/home/alice/.ssh': { type: 'directory', mode: '0700', owner: 'alice', group: 'alice' },
  [FILE]: { content: `# laptop\n${A}\n${B}\n`, mode: '0600', owner: 'alice', group: 'alice' },
  '/home/bob': { type: 'directory', owner: 'bob', group: 'bob' },
  '/home/carl/.ssh': { type: 'directory', mode: '0755', owner: 'root', group: 'root' },
}
const answer = (part: string): ReturnType<ReturnType<typeof accountsAnswer>> => {
  if (part.startsWith('cat -- ')) {
    const e = FS[splitArgs(part.replace(/ 2>\S+$/, ''))[2] ?? '']
    return e ? String(e.content ?? '') : { rc: 1, stdout: '', stderr: '' }
  }
  return accountsAnswer(DB)(part)
}
const ctx = (): ReturnType<typeof scriptedContext> => scriptedContext(FS, answer)
const put = (path: string, content: string): Change => ({ kind: 'put', path, content: Buffer.from(content), mode: '0600', owner: path.split('/')[2] ?? '', group: '1000' })
const changed = (changes: Change[], diffs: Array<[string, string | null, string]>): Plan => ({
  changed: true, changes, diffs: diffs.map(([path, before, after]) => ({ path, before, after })), data: expect.anything() as never,
})
const noop = (reason: string): Plan => ({ changed: false, noop: reason, data: expect.anything() as never })

describe('authorized_key plans from the key file', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['present: a new key is appended', { user: 'alice', key: C }, changed([put(FILE, `# laptop\n${A}\n${B}\n${C}\n`)], [[FILE, `# laptop\n${A}\n${B}\n`, `# laptop\n${A}\n${B}\n${C}\n`]])],
    ['present: the key is there', { user: 'alice', key: A }, noop(`the key is in ${FILE}`)],
    ['present: several keys, one per line', { user: 'alice', key: `${A}\n\n${B}\n` }, noop(`all 2 keys are in ${FILE}`)],
    ['present: options replace the line in place', { user: 'alice', key: B, key_options: 'no-pty,from="10.0.0.0/8"' },
      changed([put(FILE, `# laptop\n${A}\nno-pty,from="10.0.0.0/8" ${B}\n`)], [[FILE, `# laptop\n${A}\n${B}\n`, `# laptop\n${A}\nno-pty,from="10.0.0.0/8" ${B}\n`]])],
    ['exclusive: only the given keys remain', { user: 'alice', key: B, exclusive: true }, changed([put(FILE, `${B}\n`)], [[FILE, `# laptop\n${A}\n${B}\n`, `${B}\n`]])],
    ['absent: the key line goes, the rest stays', { user: 'alice', key: A, state: 'absent' }, changed([put(FILE, `# laptop\n${B}\n`)], [[FILE, `# laptop\n${A}\n${B}\n`, `# laptop\n${B}\n`]])],
    ['absent: matched by key, whatever the comment', { user: 'alice', key: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABBob other', state: 'absent' },
      changed([put(FILE, `# laptop\n${A}\n`)], [[FILE, `# laptop\n${A}\n${B}\n`, `# laptop\n${A}\n`]])],
    ['absent: not there', { user: 'alice', key: C, state: 'absent' }, noop(`the key is not in ${FILE}`)],
    ['no .ssh directory: created 0700 for the user, then the file', { user: 'bob', key: A },
      changed([{ kind: 'exec', cmd: 'mkdir -m 0700 -- /home/bob/.ssh && chown 1000:1000 -- /home/bob/.ssh', reason: 'create directory /home/bob/.ssh (0700, owner bob)' }, put('/home/bob/.ssh/authorized_keys', `${A}\n`)],
        [['/home/bob/.ssh/authorized_keys', null, `${A}\n`]])],
    ['a directory with the wrong mode and owner is fixed', { user: 'carl', key: A },
      changed([
        { kind: 'exec', cmd: 'chmod 0700 -- /home/carl/.ssh', reason: 'mode of /home/carl/.ssh: 0755 -> 0700' },
        { kind: 'exec', cmd: 'chown 1000:1000 -- /home/carl/.ssh', reason: 'owner of /home/carl/.ssh: root:root -> carl' },
        put('/home/carl/.ssh/authorized_keys', `${A}\n`),
      ], [['/home/carl/.ssh', 'mode: 0755\nowner: root:root\n', 'mode: 0700\nowner: carl:1000\n'], ['/home/carl/.ssh/authorized_keys', null, `${A}\n`]])],
    ['path under the home', { user: 'alice', key: A, path: '~/.ssh/authorized_keys' }, noop(`the key is in ${FILE}`)],
  ])('%s', async (_n, args, expected) => {
    expect(await authorized_key.plan(args as never, ctx())).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no such user', { user: 'zed', key: A }, /Failed to lookup user zed/],
    ['not a key', { user: 'alice', key: 'hello world' }, /invalid key specified: hello world/],
    ['a key URL', { user: 'alice', key: 'https://github.com/alice.keys' }, /key URLs are not supported/],
    ['no directory and manage_dir off', { user: 'bob', key: A, manage_dir: false }, /directory \/home\/bob\/.ssh does not exist \(manage_dir is false\)/],
    ['a relative path', { user: 'alice', key: A, path: 'keys' }, /path must be absolute or start with ~\//],
  ])('%s fails', async (_n, args, msg) => {
    await expect(authorized_key.plan(args as never, ctx())).rejects.toThrow(msg)
  })
})

describe('key lines', () => {
  it.each([
    [A, { type: 'ssh-ed25519', blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIAlice', comment: 'alice@laptop' }],
    [`command="echo a b",no-pty ${B}`, { options: 'command="echo a b",no-pty', type: 'ssh-rsa', blob: 'AAAAB3NzaC1yc2EAAAADAQABBob', comment: 'bob@ci' }],
    ['sk-ssh-ed25519@openssh.com AAAAGnNr', { type: 'sk-ssh-ed25519@openssh.com', blob: 'AAAAGnNr' }],
    ['# a comment', undefined],
    ['ssh-rsa not*base64', undefined],
  ])('%s', (line, expected) => {
    expect(parseKeyLine(line)).toEqual(expected)
  })

  it('exclusive keeps the exact text of a key already there and drops duplicates', () => {
    const k = parseKeyLine(A)!
    expect(editKeys(`${A}   \n${B}\n`, { keys: [k, k], state: 'present', exclusive: true })).toBe(`${A}   \n`)
  })
})
