import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createTemplar, makeScope } from '../template/index.js'
import { CONTENDERS, playbookIn, runs } from './contenders.js'
import type { BenchProject } from './project.js'
import { HA_PLAYBOOK, WORKLOADS_DIR, allWorkloads, putStep, renderSimple } from './workloads.js'

const tmp: string[] = []
afterEach(() => tmp.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

const runSh = (cmd: string, stdin?: string): void => void execFileSync('/bin/sh', ['-c', cmd], { input: stdin ?? '' })

describe('putStep (the floor writes a file in one round trip)', () => {
  it('writes the content with the mode, then leaves an identical file alone', () => {
    const d = mkdtempSync(join(tmpdir(), 'bench-put-'))
    tmp.push(d)
    const dest = join(d, 'a.txt')
    const step = putStep(dest, 'hello\n', { mode: '0600' })
    runSh(step.cmd, step.stdin)
    expect(readFileSync(dest, 'utf8')).toBe('hello\n')
    expect(statSync(dest).mode & 0o777).toBe(0o600)
    const before = statSync(dest).ino
    runSh(step.cmd, step.stdin)
    expect(statSync(dest).ino).toBe(before)
  })

  it('replaces a file whose content differs', () => {
    const d = mkdtempSync(join(tmpdir(), 'bench-put-'))
    tmp.push(d)
    const dest = join(d, "it's.txt")
    writeFileSync(dest, 'old\n')
    const step = putStep(dest, 'new\n')
    runSh(step.cmd, step.stdin)
    expect(readFileSync(dest, 'utf8')).toBe('new\n')
  })
})

describe('workloads', () => {
  const tasksOf = (file: string): unknown[] => (parse(readFileSync(file, 'utf8')) as Array<{ tasks: unknown[] }>)[0]!.tasks
  const host = { name: 'node1', address: '10.213.0.10' }

  it.each(allWorkloads().filter((w) => w.floor).map((w) => [w.id, w] as const))('%s: the floor has one step per playbook task', (_id, w) => {
    expect(w.floor!(host)).toHaveLength(tasksOf(w.playbook).length)
  })

  it.each([1, 2, 3, 4, 5, 6])('the floor renders template app-%i.conf.j2 as krun does', (i) => {
    const src = readFileSync(join(WORKLOADS_DIR, 'templates', `app-${i}.conf.j2`), 'utf8')
    const vars = { inventory_hostname: 'node7', app_name: 'bench', app_port: 8080 }
    const t = createTemplar()
    expect(renderSimple(src, vars)).toBe(t.renderTemplate(src, `app-${i}.conf.j2`, makeScope([vars], t)))
  })

  it('W3 has 20 tasks and W1 the 4 of pyinfra-performance', () => {
    const w = allWorkloads()
    expect(tasksOf(w.find((x) => x.id === 'W3')!.playbook)).toHaveLength(20)
    expect(tasksOf(w.find((x) => x.id === 'W1')!.playbook).map((t) => Object.keys(t as object).find((k) => k !== 'name'))).toEqual(['user', 'file', 'copy', 'shell'])
  })
})

describe('who runs what', () => {
  it.each([
    ['W1', ['krun', 'ansible', 'floor']],
    ['W3r', ['krun', 'ansible', 'floor']],
    // the HA playbook uses krun's own modules, and there is no ssh2 script for it
    ['W4', ['krun']],
  ])('%s: %j', (id, want) => {
    const w = allWorkloads().find((x) => x.id === id)!
    expect(CONTENDERS.filter((c) => runs(c, w))).toEqual(want)
    expect(CONTENDERS.filter((c) => !runs(c, w)).every((c) => (w.na?.[c] ?? '').length > 0)).toBe(true)
  })

  it('W4 is a --check after a full apply that must change nothing on the HA layout', () => {
    expect(allWorkloads().find((x) => x.id === 'W4')).toMatchObject({ layout: 'ha', check: true, applyFirst: true, expectChanged: 0 })
  })

  it("runs the project's own copy of a playbook when it has one (pki_dir lands in the project)", () => {
    const w4 = allWorkloads().find((x) => x.id === 'W4')!
    const w1 = allWorkloads().find((x) => x.id === 'W1')!
    const p = { playbooks: { [HA_PLAYBOOK]: '/tmp/p/playbooks/ha-cluster.yml' } } as unknown as BenchProject
    expect([playbookIn(w4, p), playbookIn(w1, p)]).toEqual(['/tmp/p/playbooks/ha-cluster.yml', w1.playbook])
  })
})
