import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readState } from '../../src/lab/state.js'
import { recap } from './helpers.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { CHANGED, SITE, archive, failing, hostState, msgOf, patchLines, resultOf, results, sha } from './transfer-helpers.js'

/**
 * get_url, unarchive, wait_for, slurp, fetch and pause on 2 systemd hosts. The hosts are
 * minimal Debian plus wget: no curl, no unzip, no python. node1's wget is removed, so get_url
 * is proven both ways: downloaded on the target (node2) and, on a host with neither tool,
 * downloaded by the controller and uploaded (node1). The only
 * HTTP server is this test's, bound to the lab bridge's own address.
 */
const LAB = 'm-transfer'
const TOOL = Buffer.from('#!/bin/sh\necho tool v1\n')
const TOOL2 = Buffer.from('#!/bin/sh\necho tool v2\n')

let lp: LabProject
let server: Server
let gw = ''
let port = 0
let h1 = ''
let h2 = ''
let app = Buffer.alloc(0)

const vars = (): string[] => ['-e', `base=http://${gw}:${port} gw=${gw} port=${port} tool_sha=${sha(TOOL)} tool2_sha=${sha(TOOL2)}`]

beforeAll(async () => {
  lp = await startLabProject({ name: LAB, hosts: 2, packages: ['wget'] })
  gw = readState(LAB)?.gateway ?? ''
  ;[h1 = '', h2 = ''] = lp.lab.hosts.map((h) => h.name)
  app = archive(lp, 'app', 'port=1\n')
  archive(lp, 'app2', 'port=10\n')
  const routes = new Map<string, Buffer>([
    ['/tool.bin', TOOL], ['/v2/tool.bin', TOOL2], ['/app.tgz', app],
    ['/SHA256SUMS', Buffer.from(`${sha('other')}  other.tgz\n${sha(app)}  app.tgz\n`)],
  ])
  server = createServer((req, res) => {
    const body = routes.get(req.url ?? '')
    res.statusCode = body ? 200 : 404
    res.end(body ?? 'not found')
  })
  await new Promise<void>((r) => server.listen(0, gw, r))
  port = (server.address() as { port: number }).port
  // the base tree has wget; node1 loses it (its own overlay) to take the controller fallback
  await lp.onHost(h1, 'rm -f /usr/bin/wget /usr/bin/curl && ! command -v wget')
  await lp.onHost(h2, 'wget --version >/dev/null')
  lp.write('site.yml', SITE)
  lp.write('changed.yml', CHANGED)
}, 300_000)

afterAll(async () => {
  server?.close()
  await lp?.stop()
})

describe('transfer modules on lab hosts', () => {
  it('node1 has neither curl nor wget nor unzip; node2 has only wget', async () => {
    await expect(lp.onHost(h1, 'command -v curl || command -v wget || command -v unzip')).rejects.toThrow()
    expect(await lp.onHost(h2, 'command -v wget; command -v curl || command -v unzip || true')).toBe('/usr/bin/wget\n')
  })

  it('apply changes; apply again changes nothing and says why', async () => {
    const first = await lp.krun('site.yml', ...vars())
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    for (const h of [h1, h2]) {
      expect(await lp.onHost(h, 'cat /opt/tool.bin; stat -c %a /opt/tool.bin; sha256sum < /opt/app.tgz')).toBe(`${TOOL}755\n${sha(app)}  -\n`)
      expect(await lp.onHost(h, 'cat /srv/local/app/etc/app.conf /srv/remote/app/etc/app.conf; stat -c "%a %n" /srv/remote/app/bin/run /srv/remote/app/etc; ls -a /srv/local'))
        .toBe('port=1\nport=1\n750 /srv/remote/app/bin/run\n750 /srv/remote/app/etc\n.\n..\napp\n')
      expect(await lp.onHost(h, 'cat /root/hostname.copy')).toBe(readFileSync(join(lp.dir, 'fetched', h, 'etc/hostname'), 'utf8'))
    }
    expect(msgOf(first, 'tool by checksum', h1)).toBe('write /opt/tool.bin')
    expect(msgOf(first, 'tool by checksum', h2)).toBe(`download http://${gw}:${port}/tool.bin to /opt/tool.bin (wget)`)
    for (const t of ['tool by checksum', 'archive by checksum file', 'unarchive from the controller', 'unarchive on the host', 'fetch']) {
      expect(results(first, t).map((e) => e.status), t).toEqual(['changed', 'changed'])
    }
    expect(resultOf(first, 'slurp', h1)?.data).toMatchObject({ encoding: 'base64', source: '/etc/hostname' })

    const again = await lp.krun('site.yml', ...vars())
    expect(again.code).toBe(0)
    for (const h of [h1, h2]) {
      expect(recap(again)[h]).toMatchObject({ changed: 0, failed: 0 })
      expect(msgOf(again, 'tool by checksum', h)).toBe(`/opt/tool.bin matches checksum sha256:${sha(TOOL)}`)
      expect(msgOf(again, 'archive by checksum file', h)).toBe(`/opt/app.tgz matches checksum sha256:${sha(app)}`)
      expect(msgOf(again, 'unarchive from the controller', h)).toBe('/srv/local already holds the 5 entries of app.tgz')
      expect(msgOf(again, 'unarchive on the host', h)).toBe('/srv/remote already holds the 5 entries of app.tgz')
      expect(msgOf(again, 'wait for the file', h)).toMatch(/^\/run\/krun-ready is started \(after [\d.]+s\)$/)
      expect(msgOf(again, 'wait for sshd', h)).toMatch(/^127\.0\.0\.1:22 is started/)
      expect(msgOf(again, 'wait for the web server', h)).toMatch(/^[\d.]+:\d+ is started \(after [\d.]+s\)$/)
      expect(msgOf(again, 'wait for the web server', h).startsWith(`${gw}:${port} `)).toBe(true)
      expect(msgOf(again, 'nothing on 2222', h)).toMatch(/^127\.0\.0\.1:2222 is stopped/)
      expect(msgOf(again, 'slurp', h)).toMatch(/^read \/etc\/hostname \(\d+ bytes\)$/)
      expect(msgOf(again, 'fetch', h)).toMatch(/hostname matches the remote file/)
      expect(msgOf(again, 'pause', h)).toBe('Paused for 1 seconds')
      expect(msgOf(again, 'prompt', h)).toBe('Not waiting for response to prompt as stdin is not interactive')
    }
  }, 120_000)

  it('--check --diff with changed arguments: changed, exactly the lines that change, no byte changed on the hosts or the controller', async () => {
    const edited = join(lp.dir, 'fetched', h1, 'etc/hostname')
    writeFileSync(edited, 'edited\n')
    const before = await Promise.all([h1, h2].map((h) => hostState(lp, h)))
    const check = await lp.krun('changed.yml', ...vars(), '--check', '--diff')
    expect(check.code).toBe(0)
    for (const h of [h1, h2]) {
      expect(resultOf(check, 'tool v2', h)?.status).toBe('changed')
      expect(patchLines(check, 'tool v2', h)).toEqual([`-checksum: sha256:${sha(TOOL)}`, `+checksum: sha256:${sha(TOOL2)}`])
      expect(patchLines(check, 'unarchive app2', h)).toEqual(['-app/etc/app.conf: file, 7 bytes, 2024-01-02 03:04:05Z', '+app/etc/app.conf: file, 8 bytes, 2024-01-02 03:04:05Z'])
    }
    expect(patchLines(check, 'fetch', h1)).toEqual(['-edited', `+${h1}`])
    expect(resultOf(check, 'fetch', h2)?.status).toBe('ok')
    expect(await Promise.all([h1, h2].map((h) => hostState(lp, h)))).toEqual(before)
    expect(readFileSync(edited, 'utf8')).toBe('edited\n')
  }, 60_000)

  it('what cannot work fails with a clear message, and leaves dest alone', async () => {
    lp.write('fail.yml', failing(h1, sha('x')))
    const run = await lp.krun('fail.yml', ...vars())
    expect(run.stderr).toBe('')
    expect(msgOf(run, 'only on the target', h1)).toBe(`neither curl nor wget on ${h1}: install one, or set download_on: controller`)
    const bad = `The checksum for /opt/t3.bin did not match ${sha('x')}; it was ${sha(TOOL)}.`
    expect(msgOf(run, 'wrong checksum', h1)).toBe(bad)
    expect(msgOf(run, 'wrong checksum', h2)).toMatch(new RegExp(`^Command failed with exit code 1: tmp=.*\\n${bad.replace(/[.]/g, '\\.')}$`, 's'))
    for (const h of [h1, h2]) {
      expect(msgOf(run, 'zip without unzip', h)).toBe(`unzip not found on ${h}: needed to read /opt/app.zip`)
      expect(msgOf(run, 'never open', h)).toBe('nothing listens on 2222')
      expect(await lp.onHost(h, 'ls -a /opt')).toBe('.\n..\napp.tgz\napp.zip\ntool.bin\n')
    }
  }, 60_000)

  it.each<[number, string, RegExp]>([
    [0, 'get_url: { url: "http://x/a" }', /^ERROR: .*bad-0\.yml:5:\d+: .*dest/m],
    [1, 'wait_for: { port: 22, state: up }', /^ERROR: .*bad-1\.yml:5:\d+: .*state/m],
    [2, 'fetch: { src: /etc/hostname, dest: x, recursive: yes }', /^ERROR: .*bad-2\.yml:5:\d+: .*recursive/m],
  ])('bad arguments (#%i: %s): a load-time error with file:line, exit 1', async (i, task, err) => {
    lp.write(`bad-${i}.yml`, `- hosts: all\n  gather_facts: no\n  tasks:\n    - name: broken\n      ${task}\n`)
    const run = await lp.krun(`bad-${i}.yml`)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(err)
  })
})
