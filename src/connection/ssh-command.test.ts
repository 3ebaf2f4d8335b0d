import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCommand, envAssignments, needsSudo, stripSudoNoise } from './ssh-command.js'
import type { ExecOptions } from './types.js'

/** Runs a built line the way sshd does (the login shell's -c), here with dash. */
function runLine(line: string, stdin = ''): { rc: number; out: string; err: string } {
  const r = spawnSync('/bin/sh', ['-c', line], { input: stdin })
  return { rc: r.status ?? -1, out: r.stdout.toString(), err: r.stderr.toString() }
}

describe('command lines without sudo run as given', () => {
  it.each<[string, string, ExecOptions, string]>([
    ['plain', 'echo hi', {}, 'hi\n'],
    ['compound commands see env', 'echo "$A"; echo "$B"', { env: { A: "it's", B: '$(x) `y` *' } }, "it's\n$(x) `y` *\n"],
    ['cwd applies to the whole script', 'pwd; cd /; pwd', { cwd: '/tmp' }, '/tmp\n/\n'],
    ['become as the login user needs no sudo', 'echo same', { become: { user: 'me' } }, 'same\n'],
  ])('%s', (_name, cmd, opts, out) => {
    const built = buildCommand(cmd, opts, 'me', 'n1')
    expect(built.line).not.toMatch(/sudo/)
    expect(runLine(built.line)).toMatchObject({ rc: 0, out })
  })

  it('enters a cwd with quotes and spaces, and fails without running the command when it is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), "krun it's-"))
    expect(runLine(buildCommand('pwd', { cwd: dir }, 'me', 'n').line)).toMatchObject({ rc: 0, out: `${dir}\n` })
    rmSync(dir, { recursive: true })
    const r = runLine(buildCommand('echo ran', { cwd: dir }, 'me', 'n').line)
    expect(r.rc).not.toBe(0)
    expect(r.out).toBe('')
  })

  it('stops a command at its timeout with rc 124', () => {
    const t0 = Date.now()
    const r = runLine(buildCommand('sleep 5', { timeoutMs: 300 }, 'me', 'n').line)
    expect(r.rc).toBe(124)
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it('refuses env names that are not shell names', () => {
    expect(() => envAssignments({ 'A-B': '1' })).toThrow(/not a valid environment variable name/)
    expect(envAssignments({ A: 'x y' })).toBe("A='x y'")
  })
})

describe('sudo wrapping', () => {
  it.each<[string, ExecOptions, string, string]>([
    ['non-root to root', { become: { user: 'root' } }, 'deploy', "sudo -n -u root -- sh -c 'id -u'"],
    ['root to another user', { become: { user: 'postgres' } }, 'root', "sudo -n -u postgres -- sh -c 'id -u'"],
    ['env goes inside sudo', { become: { user: 'root' }, env: { K: 'v w' } }, 'deploy', "sudo -n -u root -- env K='v w' sh -c 'id -u'"],
    ['timeout runs as the target user', { become: { user: 'root' }, timeoutMs: 1500 }, 'deploy', "sudo -n -u root -- timeout -k 5 1.5 sh -c 'id -u'"],
    ['cwd is entered by the target user', { become: { user: 'root' }, cwd: '/root' }, 'deploy', "sudo -n -u root -- sh -c 'cd /root || exit\nid -u'"],
  ])('%s', (_name, opts, login, line) => {
    expect(buildCommand('id -u', opts, login, 'n').line).toBe(line)
  })

  it('root becoming root skips sudo', () => {
    expect(needsSudo({ user: 'root' }, 'root')).toBe(false)
    expect(buildCommand('id -u', { become: { user: 'root' } }, 'root', 'n').line).toBe("sh -c 'id -u'")
  })

  it('with a password: sudo -S, a private prompt, and a marker before the command', () => {
    const b = buildCommand('id -u', { become: { user: 'root', password: 'pw' } }, 'deploy', 'abc')
    expect(b.line).toBe("sudo -S -p '[krun-sudo-abc]' -u root -- sh -c 'echo krun-become-ok-abc >&2\nid -u'")
    expect(b.sudo).toEqual({ prompt: '[krun-sudo-abc]', marker: 'krun-become-ok-abc', password: 'pw' })
    expect(b.line).not.toContain('pw')
  })

  it('strips prompts and the marker from stderr', () => {
    const b = buildCommand('x', { become: { user: 'root', password: 'pw' } }, 'deploy', 'n')
    expect(stripSudoNoise('[krun-sudo-n]Sorry, try again.\n[krun-sudo-n]\nsudo: 1 incorrect password attempt\n', b.sudo!)).toBe(
      'Sorry, try again.\n\nsudo: 1 incorrect password attempt\n',
    )
    expect(stripSudoNoise('[krun-sudo-n]krun-become-ok-n\nreal error\n', b.sudo!)).toBe('real error\n')
  })
})
