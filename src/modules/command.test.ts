import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { argvLine, command } from './command.js'
import { shell } from './shell.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { Plan } from './types.js'

const FS: FakeFs = { '/etc/kubernetes/admin.conf': {}, '/opt/app/.done': {}, '/var/log/app.1.log': {} }
const run = (cmd: string, extra: object = {}): Plan => ({
  changed: true,
  diffs: [],
  changes: [{ kind: 'exec', cmd, reason: cmd, opaque: true, ...extra }],
})

describe('command plans', () => {
  it.each([
    ['free form, split without a shell', { cmd: 'kubeadm init --config /etc/k.yaml' }, run('kubeadm init --config /etc/k.yaml')],
    ['shell syntax stays literal', { cmd: 'echo $HOME | wc > /tmp/x' }, run("echo '$HOME' '|' wc '>' /tmp/x")],
    ['quoted words stay words', { cmd: `echo "a b" 'c'` }, run("echo 'a b' c")],
    ['argv list', { argv: ['printf', '%s\n', "it's"] }, run(`printf '%s\n' 'it'\\''s'`)],
    ['creates exists: nothing to do', { cmd: 'kubeadm init', creates: '/etc/kubernetes/admin.conf' }, { changed: false, noop: '/etc/kubernetes/admin.conf exists' }],
    ['creates missing: runs', { cmd: 'kubeadm init', creates: '/etc/kubernetes/nope' }, run('kubeadm init')],
    ['creates with a glob', { cmd: 'x', creates: '/var/log/app.*.log' }, { changed: false, noop: '/var/log/app.*.log exists' }],
    ['removes missing: nothing to do', { cmd: 'rm /tmp/x', removes: '/tmp/x' }, { changed: false, noop: '/tmp/x does not exist' }],
    ['creates relative to chdir', { cmd: 'make', chdir: '/opt/app', creates: '.done' }, { changed: false, noop: '.done exists' }],
    ['chdir and stdin (newline added)', { cmd: 'cat', chdir: '/opt', stdin: 'hi' }, run('cat', { cwd: '/opt', stdin: 'hi\n' })],
    ['stdin_add_newline: no', { cmd: 'cat', stdin: 'hi', stdin_add_newline: 'no' }, run('cat', { stdin: 'hi' })],
  ])('%s', async (_n, args, expected) => {
    expect(await command.plan(args, fakeContext(FS))).toEqual(expected)
  })

  it.each([
    [{ cmd: '' }, /no command given/],
    [{ cmd: 'a', argv: ['a'] }, /either cmd .* or argv/],
    [{ cmd: "echo 'x" }, /no closing quotation/],
  ])('%j fails', async (args, msg) => {
    await expect(command.plan(args, fakeContext(FS))).rejects.toThrow(msg)
  })

  it('a first word sh would read as syntax or an assignment runs as a program name', () => {
    expect(argvLine(['FOO=bar', 'x'])).toBe("'FOO=bar' x")
    expect(argvLine(['if', 'x'])).toBe("'if' x")
    const out = execFileSync('/bin/sh', ['-c', `${argvLine(['FOO=bar'])} 2>&1; echo rc=$?`]).toString()
    expect(out).toMatch(/not found[\s\S]*rc=127/)
  })
})

describe('shell plans', () => {
  it.each([
    ['the text goes to sh as is', { cmd: 'echo $HOME | wc -c > /tmp/x' }, run('echo $HOME | wc -c > /tmp/x')],
    ['executable', { cmd: 'set -o pipefail; a | b', executable: '/bin/bash' }, run("/bin/bash -c 'set -o pipefail; a | b'")],
    ['creates', { cmd: 'make install', creates: '/opt/app/.done' }, { changed: false, noop: '/opt/app/.done exists' }],
  ])('%s', async (_n, args, expected) => {
    expect(await shell.plan(args, fakeContext(FS))).toEqual(expected)
  })
  it('guards probe the host once for creates and removes together', async () => {
    const ctx = fakeContext(FS)
    await shell.plan({ cmd: 'x', creates: '/a', removes: '/opt/app/.done' }, ctx)
    expect(ctx.probe.calls).toHaveLength(1)
  })
})
