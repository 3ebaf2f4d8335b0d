import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, recap, localProject } from './helpers.js'

/** After failures: the retry file (when enabled) or the --limit hint, and rerunning just those hosts. */
describe('retrying failed hosts', () => {
  let dir: string
  beforeAll(() => {
    dir = localProject('retry', 3)
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - name: fails on the hosts listed in bad
      fail: {msg: "broken {{ inventory_hostname }}"}
      when: inventory_hostname in (bad | default('')).split(',')
`,
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('without a config, prints the --limit that reruns the failed hosts', async () => {
    const r = await krun(['site.yml', '-i', 'inv.ini', '-e', 'bad=h1,h3', '--plain'], { cwd: dir, env: { KRUN_CONFIG: '', ANSIBLE_CONFIG: '' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--limit h1,h3')
    expect(existsSync(join(dir, 'site.retry'))).toBe(false)
  })

  it('with retry_files_enabled, writes site.retry; --limit @site.retry reruns only those hosts', async () => {
    writeFileSync(join(dir, 'krun.cfg'), '[defaults]\nretry_files_enabled = True\n')
    const r = await krun(['site.yml', '-i', 'inv.ini', '-e', 'bad=h2', '--plain'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(readFileSync(join(dir, 'site.retry'), 'utf8')).toBe('h2\n')
    const again = await krun(['site.yml', '-i', 'inv.ini', '--limit', '@site.retry', '--json'], { cwd: dir })
    expect(again.code).toBe(0)
    expect(Object.keys(recap(again))).toEqual(['h2'])
  })
})
