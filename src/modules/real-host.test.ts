/**
 * Module-level idempotence on this machine: plan against a temporary directory through
 * LocalConnection, apply the changes by hand (as the engine would), plan again: nothing to do.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LocalConnection } from '../connection/local.js'
import { quote } from '../connection/quote.js'
import { command } from './command.js'
import { copy } from './copy.js'
import { file } from './file.js'
import { template } from './template.js'
import type { AnyModule, Plan, PlanContext } from './types.js'

const root = mkdtempSync(join(tmpdir(), 'krun-real-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const conn = new LocalConnection('localhost')
const asRoot = userInfo().username === 'root'
const ctrl = join(root, 'controller')
mkdirSync(join(ctrl, 'files/tree/sub'), { recursive: true })
mkdirSync(join(ctrl, 'templates'))
writeFileSync(join(ctrl, 'files/tree/a.conf'), 'a=1\n')
writeFileSync(join(ctrl, 'files/tree/sub/b.conf'), 'b=2\n')
writeFileSync(join(ctrl, 'templates/unit.j2'), '[Service]\nExecStart=/usr/bin/etcd --name {{ name }}\n')

const ctx: PlanContext = {
  host: 'localhost',
  probe: conn,
  vars: {},
  pos: { file: 'test.yml' },
  findFile: (kind, name) => join(ctrl, kind, name),
  renderTemplate: (src) => src.replace('{{ name }}', 'etcd1'),
  noLog: false,
}

/** Applies a plan as the engine does (validate against a temporary copy, then put). */
async function apply(plan: Plan): Promise<void> {
  if (!plan.changed) return
  for (const c of plan.changes) {
    if (c.kind === 'exec') {
      const r = await conn.exec(c.cmd, { stdin: c.stdin, cwd: c.cwd, env: c.env })
      expect(c.okRc ?? [0], `${c.cmd}: ${r.stderr}`).toContain(r.rc)
      continue
    }
    if (c.kind === 'local-put') throw new Error('no module here writes on the controller')
    if (c.validate) {
      const tmp = `${c.path}.krun-validate`
      await conn.put(tmp, c.content, { mode: '0600' })
      const r = await conn.exec(`${c.validate.split('%s').join(quote(tmp))}; rc=$?; rm -f ${quote(tmp)}; exit $rc`)
      if (r.rc !== 0) throw new Error(`validate failed: ${r.stderr}`)
    }
    await conn.put(c.path, c.content, { mode: c.mode, owner: c.owner, group: c.group })
  }
}

/** Plans, expects a change, applies, plans again and expects nothing to do. */
async function converge(mod: AnyModule, args: Record<string, unknown>): Promise<Plan> {
  const first = await mod.plan(args, ctx)
  expect(first.changed, JSON.stringify(first)).toBe(true)
  await apply(first)
  const second = await mod.plan(args, ctx)
  expect(second, JSON.stringify(second)).toMatchObject({ changed: false })
  return first
}

const p = (rel: string): string => join(root, rel)
const mode = (rel: string): string => (statSync(p(rel)).mode & 0o7777).toString(8).padStart(4, '0')

describe('file converges on a real filesystem', () => {
  it('directory with missing parents, mode on each created one', async () => {
    await converge(file, { path: p('d/e/f'), state: 'directory', mode: '0750' })
    expect([mode('d'), mode('d/e'), mode('d/e/f')]).toEqual(['0750', '0750', '0750'])
  })
  it('touch, then attributes of the file', async () => {
    await file.plan({ path: p('t'), state: 'touch' }, ctx).then(apply)
    await converge(file, { path: p('t'), state: 'file', mode: 'u=rw,g=,o=', ...(asRoot ? { owner: 'nobody' } : {}) })
    expect(mode('t')).toBe('0600')
    if (asRoot) expect(statSync(p('t')).uid).toBe(65534)
  })
  it('symlink, repointed, then hard link and absent', async () => {
    writeFileSync(p('target1'), '1')
    writeFileSync(p('target2'), '2')
    await converge(file, { path: p('lnk'), src: 'target1', state: 'link' })
    await converge(file, { path: p('lnk'), src: p('target2'), state: 'link' })
    expect(readlinkSync(p('lnk'))).toBe(p('target2'))
    await converge(file, { path: p('hard'), src: p('target1'), state: 'hard' })
    expect(statSync(p('hard')).ino).toBe(statSync(p('target1')).ino)
    await converge(file, { path: p('lnk'), state: 'absent' })
    expect(() => lstatSync(p('lnk'))).toThrow(/ENOENT/)
  })
  it('recurse: one chmod -R/chown -R, then nothing', async () => {
    mkdirSync(p('r/x/y'), { recursive: true })
    writeFileSync(p('r/x/y/f'), '')
    await converge(file, { path: p('r'), state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=', ...(asRoot ? { group: 'daemon' } : {}) })
    expect([mode('r/x'), mode('r/x/y/f')]).toEqual(['0750', '0640'])
  })
  it('modification_time to a given stamp', async () => {
    await converge(file, { path: p('t'), modification_time: '202001020304.05' })
    const m = statSync(p('t')).mtime
    expect([m.getFullYear(), m.getMinutes(), m.getSeconds()]).toEqual([2020, 4, 5])
  })
})

describe('copy and template converge', () => {
  it('content: create, attributes only, content change with backup', async () => {
    await converge(copy, { content: 'v1\n', dest: p('c.conf'), mode: '0600' })
    const attrs = await converge(copy, { content: 'v1\n', dest: p('c.conf'), mode: '0644' })
    expect(attrs.changed && attrs.changes.map((c) => c.kind)).toEqual(['exec'])
    await converge(copy, { content: 'v2\n', dest: p('c.conf'), backup: true, validate: 'grep -q v2 %s' })
    expect(readFileSync(p('c.conf'), 'utf8')).toBe('v2\n')
    expect(mode('c.conf')).toBe('0644')
    expect(readdirSync(root).filter((f) => /^c\.conf\.\d{4}-\d\d-\d\d@[\d:]+~$/.test(f))).toHaveLength(1)
  })
  it('a directory tree from the controller', async () => {
    await converge(copy, { src: 'tree', dest: root, directory_mode: '0755' })
    expect(readFileSync(p('tree/sub/b.conf'), 'utf8')).toBe('b=2\n')
  })
  it('a failing validate leaves the file alone', async () => {
    const plan = await copy.plan({ content: 'bad\n', dest: p('c.conf'), validate: 'grep -q good %s' }, ctx)
    await expect(apply(plan)).rejects.toThrow(/validate failed/)
    expect(readFileSync(p('c.conf'), 'utf8')).toBe('v2\n')
  })
  it('template', async () => {
    await converge(template, { src: 'unit.j2', dest: p('etcd.service'), mode: '0644' })
    expect(readFileSync(p('etcd.service'), 'utf8')).toContain('--name etcd1')
  })
  it('remote_src', async () => {
    await converge(copy, { src: p('etcd.service'), dest: p('etcd.service.bak'), remote_src: true, mode: '0600' })
    expect(readFileSync(p('etcd.service.bak'), 'utf8')).toContain('--name etcd1')
  })
})

describe('command guards on a real shell', () => {
  it('creates with a glob and a quoted path', async () => {
    writeFileSync(p("it's here.1.log"), '')
    expect(await command.plan({ cmd: 'false', creates: p("it's here.*.log") }, ctx)).toMatchObject({ changed: false })
    expect(await command.plan({ cmd: 'false', creates: p('none.*.log') }, ctx)).toMatchObject({ changed: true })
    expect(await command.plan({ cmd: 'false', removes: 'nope', chdir: root }, ctx)).toMatchObject({ changed: false, noop: 'nope does not exist' })
  })
})
