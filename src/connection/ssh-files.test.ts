import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STALE_MINUTES, finishPutScript, tempName } from './ssh-files.js'
import type { PutOptions } from './types.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'krun-put-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Simulates an upload (0600 temp file) and runs the finishing script with dash, umask 022. */
function put(dest: string, content: string, opts: PutOptions = {}, uploadDir?: string): number {
  const staged = tempName(dir)
  const upload = uploadDir ? tempName(uploadDir) : staged
  writeFileSync(upload, content, { mode: 0o600 })
  const script = finishPutScript(upload, dest, staged, opts, process.getuid?.() === 0)
  return spawnSync('/bin/sh', ['-c', `umask 022\n${script}`]).status ?? -1
}

const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0')
const temps = (): string[] => readdirSync(dir).filter((n) => n.startsWith('.krun-tmp-'))

describe('finishing a put', () => {
  it.each<[string, PutOptions, string | undefined, string]>([
    ['new file, explicit mode', { mode: '0640' }, undefined, '0640'],
    ['new file, no mode: 0666 minus umask', {}, undefined, '0644'],
    ['existing file, no mode: keeps its mode', {}, '0751', '0751'],
    ['existing file, explicit mode wins', { mode: '0600' }, '0755', '0600'],
  ])('%s', (_name, opts, before, want) => {
    const dest = join(dir, 'f')
    if (before) {
      writeFileSync(dest, 'old')
      chmodSync(dest, parseInt(before, 8))
    }
    expect(put(dest, 'new', opts)).toBe(0)
    expect(readFileSync(dest, 'utf8')).toBe('new')
    expect(mode(dest)).toBe(want)
    expect(temps()).toEqual([])
  })

  // krun's tests run as root (the lab needs it), so chown works here.
  it('sets owner and group', () => {
    const dest = join(dir, 'owned')
    expect(put(dest, 'x', { owner: 'daemon', group: 'daemon' })).toBe(0)
    expect(statSync(dest).uid).toBe(1)
    expect(statSync(dest).gid).toBe(1)
  })

  it('leaves the old file and no temp file when a step fails', () => {
    const dest = join(dir, 'keep')
    writeFileSync(dest, 'old')
    expect(put(dest, 'new', { owner: 'no-such-user-krun' })).not.toBe(0)
    expect(readFileSync(dest, 'utf8')).toBe('old')
    expect(temps()).toEqual([])
  })

  it('with become: copies the upload from the temp dir beside the target and removes it', () => {
    const up = mkdtempSync(join(tmpdir(), 'krun-up-'))
    const dest = join(dir, 'b')
    expect(put(dest, 'via tmp', { mode: '0600' }, up)).toBe(0)
    expect(readFileSync(dest, 'utf8')).toBe('via tmp')
    expect(readdirSync(up)).toEqual([])
    rmSync(up, { recursive: true })
  })

  it(`sweeps temp files older than ${STALE_MINUTES} minutes, keeps fresh ones`, () => {
    const stale = join(dir, '.krun-tmp-stale')
    const fresh = join(dir, '.krun-tmp-fresh')
    writeFileSync(stale, 'partial')
    writeFileSync(fresh, 'in progress')
    const old = Date.now() / 1000 - (STALE_MINUTES + 5) * 60
    utimesSync(stale, old, old)
    expect(put(join(dir, 'f'), 'x')).toBe(0)
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
  })
})
