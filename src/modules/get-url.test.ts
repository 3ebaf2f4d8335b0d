import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { get_url } from './get-url.js'
import { downloadCommand } from './lib/download-cmd.js'
import { splitArgs } from './lib/shlex.js'
import type { FakeFs } from './testing/fake-host.js'
import { scriptedContext } from './testing/fake-sections.js'

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')
const BODY = 'release 1.0\n'
const OLD = 'release 0.9\n'
const FS: FakeFs = {
  '/opt': { type: 'directory' },
  '/opt/app.tgz': { content: BODY, mode: '0644' },
  '/opt/old.tgz': { content: OLD, mode: '0600' },
  '/opt/dl': { type: 'directory' },
}

// a local HTTP server (loopback only) for the controller-side download
let server: Server
let base = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/app.tgz') return res.end(BODY)
    if (req.url === '/SHA256SUMS') return res.end(`${sha('x')}  other.tgz\n${sha(BODY)}  app.tgz\n`)
    res.statusCode = 404
    res.end('no')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => server.close())

/** The target: the fake filesystem, these downloaders, and a checksum file its curl would fetch. */
function host(tools: string[], sums = '') {
  return scriptedContext(FS, (part) => {
    if (part.startsWith('for h in ')) {
      const paths = splitArgs(/^for h in (.*?); do/.exec(part)?.[1] ?? '')
      return paths.map((p) => (FS[p]?.content !== undefined && FS[p]?.type !== 'directory' ? `${sha(String(FS[p]?.content))}  -` : '-')).join('\n') + '\n'
    }
    if (part === 'echo') return '\n'
    if (part.startsWith('for t in curl wget;')) return tools.map((t) => `/usr/bin/${t}\n`).join('')
    if (part.startsWith('if command -v curl')) return tools.length ? sums : 'krun-no-downloader\n'
    return undefined
  })
}

describe('get_url plans', () => {
  it.each<[string, Record<string, unknown>, string[], unknown]>([
    ['dest matches the checksum: no download', { url: 'http://h/app.tgz', dest: '/opt/app.tgz', checksum: `sha256:${sha(BODY)}` }, ['curl'],
      { changed: false, noop: `/opt/app.tgz matches checksum sha256:${sha(BODY)}`, data: { dest: '/opt/app.tgz', url: 'http://h/app.tgz' } }],
    ['no checksum, dest exists, force=no: as Ansible, nothing', { url: 'http://h/app.tgz', dest: '/opt/app.tgz' }, [],
      { changed: false, noop: '/opt/app.tgz already exists (no checksum, force=no)', data: expect.anything() }],
    ['no checksum, dest exists, other mode: chmod only', { url: 'http://h/app.tgz', dest: '/opt/app.tgz', mode: '0640' }, [],
      { changed: true, changes: [{ kind: 'exec', cmd: 'chmod 0640 -- /opt/app.tgz', reason: 'mode of /opt/app.tgz: 0644 -> 0640' }],
        diffs: [{ path: 'get_url:/opt/app.tgz', before: 'mode: 0644\n', after: 'mode: 0640\n' }], data: expect.anything() }],
    ['checksum differs: download on the target with curl', { url: 'http://h/app.tgz', dest: '/opt/old.tgz', checksum: `sha256:${sha(BODY)}` }, ['curl', 'wget'],
      { changed: true, changes: [{ kind: 'exec', cmd: expect.stringContaining('curl -fsSL --max-time 10 -o "$tmp" http://h/app.tgz'), reason: 'download http://h/app.tgz to /opt/old.tgz (curl)' }],
        diffs: [{ path: 'get_url:/opt/old.tgz', before: `checksum: sha256:${sha(OLD)}\n`, after: `checksum: sha256:${sha(BODY)}\n` }], data: expect.anything() }],
    ['absent, wget only, into a directory by the URL\'s file name', { url: 'http://h/x/tool.bin?v=1', dest: '/opt/dl', mode: '0755', timeout: 30 }, ['wget'],
      { changed: true, changes: [{ kind: 'exec', cmd: expect.stringContaining('wget -q -T 30 -O "$tmp" \'http://h/x/tool.bin?v=1\''), reason: expect.stringContaining('to /opt/dl/tool.bin (wget)') }],
        diffs: [{ path: 'get_url:/opt/dl/tool.bin', before: 'state: absent\n', after: 'state: file\nchecksum: unknown until downloaded\nmode: 0755\n' }], data: { dest: '/opt/dl/tool.bin', url: 'http://h/x/tool.bin?v=1' } }],
  ])('%s', async (_n, args, tools, expected) => {
    const ctx = host(tools)
    expect(await get_url.plan(args as never, ctx)).toEqual(expected)
    expect(ctx.rounds).toHaveLength(1)
  })

  it('reads a checksum file the target fetched, in the same round trip', async () => {
    const ctx = host(['curl'], `${sha('x')}  other.tgz\n${sha(BODY)} *./app.tgz\n`)
    const plan = await get_url.plan({ url: 'http://h/app.tgz', dest: '/opt/app.tgz', checksum: 'sha256:http://h/SHA256SUMS' }, ctx)
    expect(plan).toMatchObject({ changed: false, noop: expect.stringContaining(sha(BODY)) })
    expect(ctx.rounds).toHaveLength(1)
  })

  it('puts the checksum and the attributes into the download command', async () => {
    const plan = await get_url.plan({ url: 'http://h/app.tgz', dest: '/opt/new', checksum: `sha256:${sha(BODY)}`, owner: 'www', validate_certs: 'no', headers: { Authorization: 'Bearer t' } }, host(['curl']))
    const cmd = plan.changed && plan.changes[0]?.kind === 'exec' ? plan.changes[0].cmd : ''
    expect(cmd).toContain(`-k -H 'Authorization: Bearer t'`)
    expect(cmd).toContain(`if [ "$1" != ${sha(BODY)} ]`)
    expect(cmd).toContain('chown www "$tmp"; mv -f -- "$tmp" /opt/new')
  })

  it.each<[string, Record<string, unknown>, string[], string, RegExp]>([
    ['no downloader and download_on: target', { url: 'http://h/a', dest: '/opt/a', download_on: 'target' }, [], '', /neither curl nor wget on h1: install one, or set download_on: controller/],
    ['a checksum file without the file', { url: 'http://h/app.tgz', dest: '/opt/a', checksum: 'sha256:http://h/SUMS' }, ['curl'], `${sha('x')}  other.tgz\n`, /Unable to find a checksum for file 'app.tgz' in 'http:\/\/h\/SUMS'/],
    ['a checksum file the target could not fetch', { url: 'http://h/app.tgz', dest: '/opt/a', checksum: 'sha256:http://h/SUMS' }, ['curl'], 'krun-checksum-fetch-failed curl 22\n', /could not download the checksum file http:\/\/h\/SUMS \(curl exit code 22\)/],
    ['a malformed checksum', { url: 'http://h/a', dest: '/opt/a', checksum: 'sha256:abc' }, ['curl'], '', /'abc' is not a sha256 digest/],
    ['an unknown algorithm', { url: 'http://h/a', dest: '/opt/a', checksum: 'crc32:abcd' }, ['curl'], '', /algorithm one of md5, sha1/],
    ['a missing parent directory', { url: 'http://h/a', dest: '/nope/a' }, ['curl'], '', /Destination dir \/nope does not exist/],
    ['a missing dest directory (dest ends in /)', { url: 'http://h/a', dest: '/nope/' }, ['curl'], '', /Destination dir \/nope does not exist/],
    ['dest is a directory by that name', { url: 'http://h/dl', dest: '/opt/' }, ['curl'], '', /Destination \/opt\/dl is a directory/],
  ])('%s fails', async (_n, args, tools, sums, msg) => {
    await expect(get_url.plan(args as never, host(tools, sums))).rejects.toThrow(msg)
  })
})

describe('get_url on a host with neither curl nor wget: the controller downloads and uploads', () => {
  it('a put with the body and the diff of the checksums', async () => {
    const plan = await get_url.plan({ url: `${base}/app.tgz`, dest: '/opt/old.tgz' , force: true }, host([]))
    expect(plan).toMatchObject({
      changed: true,
      changes: [{ kind: 'put', path: '/opt/old.tgz', content: Buffer.from(BODY), mode: '0600', owner: 'root', group: 'root' }],
      diffs: [{ path: 'get_url:/opt/old.tgz', before: `checksum: sha256:${sha(OLD)}\n`, after: `checksum: sha256:${sha(BODY)}\n` }],
    })
  })
  it('the same content: nothing to do', async () => {
    expect(await get_url.plan({ url: `${base}/app.tgz`, dest: '/opt/app.tgz', force: 'yes' }, host([]))).toMatchObject({ changed: false, noop: '/opt/app.tgz matches the download' })
  })
  it('a checksum file read by the controller', async () => {
    const plan = await get_url.plan({ url: `${base}/app.tgz`, dest: '/opt/new.tgz', checksum: `sha256:${base}/SHA256SUMS` }, host([]))
    expect(plan).toMatchObject({ changed: true, changes: [{ kind: 'put', path: '/opt/new.tgz' }] })
  })
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a body that does not match the checksum', { url: '{base}/app.tgz', dest: '/opt/n', checksum: `sha256:${sha('other')}` }, /The checksum for \/opt\/n did not match/],
    ['an HTTP error', { url: '{base}/missing', dest: '/opt/n', download_on: 'controller' }, /HTTP Error 404/],
  ])('%s fails', async (_n, args, msg) => {
    const url = String(args.url).replace('{base}', base)
    await expect(get_url.plan({ ...args, url } as never, host([]))).rejects.toThrow(msg)
  })
})

describe('the download command, run for real with this machine\'s curl and wget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'krun-get-url-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = promisify(execFile)
  // only the loopback server: no proxy from the environment
  const NO_PROXY = { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }
  it.each(['curl', 'wget'] as const)('%s: downloads, verifies, sets the mode, renames', async (tool) => {
    const dest = join(dir, `${tool}.tgz`)
    await run('sh', ['-c', downloadCommand({ tool, url: `${base}/app.tgz`, dest, headers: { 'X-A': 'b c' }, timeout: 5, validateCerts: true, checksum: { algo: 'sha256', hex: sha(BODY) }, mode: '0640' })], NO_PROXY)
    expect(readFileSync(dest, 'utf8')).toBe(BODY)
    expect((statSync(dest).mode & 0o777).toString(8)).toBe('640')
  })
  it.each(['curl', 'wget'] as const)('%s: a wrong checksum or a 404 leaves dest as it was and no temporary file', async (tool) => {
    const dest = join(dir, `keep-${tool}`)
    writeFileSync(dest, 'keep')
    const bad = run('sh', ['-c', downloadCommand({ tool, url: `${base}/app.tgz`, dest, headers: {}, timeout: 5, validateCerts: true, checksum: { algo: 'sha256', hex: sha('x') } })], NO_PROXY)
    await expect(bad).rejects.toMatchObject({ stderr: expect.stringContaining(`did not match ${sha('x')}; it was ${sha(BODY)}.`) })
    const missing = run('sh', ['-c', downloadCommand({ tool, url: `${base}/missing`, dest, headers: {}, timeout: 5, validateCerts: true })], NO_PROXY)
    await expect(missing).rejects.toMatchObject({ stderr: expect.stringContaining(`Request failed: ${tool} could not download`) })
    expect(readFileSync(dest, 'utf8')).toBe('keep')
    expect((await run('sh', ['-c', `ls -a ${dir} | grep -c krun || :`])).stdout.trim()).toBe('0')
  })
})
