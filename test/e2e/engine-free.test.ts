import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, recap, localProject } from './helpers.js'

/** h1 is slow at its first task; every host then stamps the time it reached the second. */
const play = (strategy: string, extra = ''): string => `- hosts: all
  gather_facts: false
  strategy: ${strategy}
  vars: {out: "{{ playbook_dir }}/out-${strategy}"}
  tasks:
    - name: slow on h1
      shell: mkdir -p {{ out }} && sleep {{ 2 if inventory_hostname == 'h1' else 0 }}
    - name: stamp
      shell: date +%s.%N > {{ out }}/{{ inventory_hostname }}
${extra}`

const ONCE = `    - name: once
      shell: echo {{ inventory_hostname }} >> {{ out }}/once.log; echo ran-on-{{ inventory_hostname }}
      run_once: true
      register: o
    - name: seen
      copy: {content: "{{ o.stdout }}\\n", dest: "{{ out }}/{{ inventory_hostname }}.seen"}
`

describe('strategy: free', () => {
  let dir: string
  const stamp = (s: string, h: string): number => Number(readFileSync(join(dir, `out-${s}`, h), 'utf8'))
  beforeAll(() => {
    dir = localProject('free', 3)
    writeFileSync(join(dir, 'free.yml'), play('free', ONCE))
    writeFileSync(join(dir, 'linear.yml'), play('linear'))
    writeFileSync(join(dir, 'fatal.yml'), `- hosts: all
  gather_facts: false
  strategy: free
  any_errors_fatal: true
  tasks:
    - name: h2 fails fast, the others are slow
      shell: mkdir -p {{ playbook_dir }}/out-fatal; if [ {{ inventory_hostname }} = h2 ]; then exit 1; fi; sleep 1
    - name: after
      shell: touch {{ playbook_dir }}/out-fatal/{{ inventory_hostname }}
`)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('lets fast hosts go on while a slow one is still at an earlier task (linear makes them wait)', async () => {
    const [free, linear] = await Promise.all([
      krun(['free.yml', '-i', 'inv.ini'], { cwd: dir }),
      krun(['linear.yml', '-i', 'inv.ini'], { cwd: dir }),
    ])
    expect([free.code, linear.code]).toEqual([0, 0])
    // free: h2 and h3 reach the second task while h1 still sleeps at the first
    expect(stamp('free', 'h1') - stamp('free', 'h2')).toBeGreaterThan(1.5)
    expect(stamp('free', 'h1') - stamp('free', 'h3')).toBeGreaterThan(1.5)
    // linear: nobody reaches the second task before h1 has finished the first
    expect(Math.abs(stamp('linear', 'h1') - stamp('linear', 'h2'))).toBeLessThan(1)
  })

  it('runs a run_once task on one host only; every host sees its registered result', async () => {
    const once = readFileSync(join(dir, 'out-free', 'once.log'), 'utf8').trim().split('\n')
    expect(once).toHaveLength(1)
    for (const h of ['h1', 'h2', 'h3']) expect(readFileSync(join(dir, 'out-free', `${h}.seen`), 'utf8')).toBe(`ran-on-${once[0]}\n`)
  })

  it('any_errors_fatal: a failure on one host stops the others before their next task', async () => {
    const r = await krun(['fatal.yml', '-i', 'inv.ini', '--json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(recap(r).h2).toMatchObject({ failed: 1 })
    for (const h of ['h1', 'h2', 'h3']) expect([h, existsSync(join(dir, 'out-fatal', h))]).toEqual([h, false])
  })
})
