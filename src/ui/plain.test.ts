import { describe, expect, it } from 'vitest'
import { createPlainReporter } from './plain.js'
import { Capture, result, scriptedRun, task } from './test-run.js'
import type { HostResult } from '../core/results.js'

const STARS = (title: string): string => `${title} ${'*'.repeat(80 - title.length - 1)}`

const EXPECTED = `${STARS('PLAY [web]')}

${STARS('TASK [base : write config]')}
--- before: /etc/app.conf
+++ after: /etc/app.conf
@@ -1,1 +1,1 @@
-a=1
+a=2
changed: [web02]
ok: [h1]

${STARS('TASK [make dirs]')}
changed: [h1] => (item=/srv/a)
ok: [h1] => (item=/srv/b)
skipping: [web02]

${STARS('TASK [show]')}
ok: [h1] => {
    "msg": "hello h1"
}
ok: [web02] => {
    "msg": "hello web02"
}

${STARS('TASK [start etcd]')}
fatal: [web02]: UNREACHABLE! => connect ECONNREFUSED 10.0.0.2:22
fatal: [h1]: FAILED! => Command failed with exit code 1: systemctl start etcd
    no such unit
[WARNING]: no hosts left

${STARS('TASK [optional]')}
fatal: [h1]: FAILED! => rc=2
...ignoring

${STARS('RUNNING HANDLER [base : restart app]')}
changed: [h1]

${STARS('PLAY RECAP')}
h1    : ok=3    changed=2    unreachable=0    failed=1    skipped=0    rescued=0    ignored=1
web02 : ok=1    changed=1    unreachable=1    failed=0    skipped=1    rescued=0    ignored=0
`

async function run(opts: { diff?: boolean; verbosity?: number; color?: boolean } = {}): Promise<string> {
  const out = new Capture()
  await scriptedRun(createPlainReporter({ out, diff: opts.diff ?? true, verbosity: opts.verbosity ?? 0, color: opts.color ?? false }))
  return out.text
}

function one(r: HostResult, verbosity = 0): string {
  const out = new Capture()
  createPlainReporter({ out, diff: false, verbosity, color: false }).hostResult?.(r)
  return out.text
}

describe('plain reporter', () => {
  it('prints a whole run the way ansible-playbook does, one line per host', async () => {
    expect(await run()).toBe(EXPECTED)
  })

  it('leaves diffs out without --diff', async () => {
    const text = await run({ diff: false })
    expect(text).not.toContain('before: /etc/app.conf')
    expect(text).toContain('changed: [web02]\nok: [h1]\n')
  })

  it('prints a result as soon as it arrives, before the task ends', () => {
    const out = new Capture()
    const rep = createPlainReporter({ out, diff: false, verbosity: 0, color: false })
    const t = task('x')
    rep.taskStart?.({ task: t, hosts: ['a', 'b'] })
    rep.hostResult?.(result('b', t, 'ok'))
    expect(out.text.endsWith('ok: [b]\n')).toBe(true)
  })

  it('prints only the summary of a redacted diff, never its content', () => {
    const out = new Capture()
    createPlainReporter({ out, diff: true, verbosity: 2, color: false }).hostResult?.(
      result('h', task('key'), 'changed', {
        diffs: [{ path: '/etc/pki/ca-key.pem', before: null, after: 'PRIVATE-BYTES\n', redacted: 'key created (hidden)' }],
      }),
    )
    expect(out.text).toBe('--- before: /etc/pki/ca-key.pem (absent)\n+++ after: /etc/pki/ca-key.pem\nkey created (hidden)\nchanged: [h]\n')
  })

  it('marks a play run in check mode', () => {
    const out = new Capture()
    createPlainReporter({ out, diff: false, verbosity: 0, color: false }).playStart?.({
      name: 'db', hosts: ['a'], pos: { file: 'site.yml' }, check: true,
    })
    expect(out.text).toBe(`${STARS('PLAY [db] [CHECK MODE]')}\n`)
  })

  const t = task('t')
  it.each([
    ['ok with its reason at -v', result('h', t, 'ok', { msg: 'up to date' }), 1, 'ok: [h] => up to date\n'],
    ['no reason at -v0', result('h', t, 'ok', { msg: 'up to date' }), 0, 'ok: [h]\n'],
    ['loop item and reason at -v', result('h', t, 'changed', { item: 'a', msg: 'created' }), 1, 'changed: [h] => (item=a) => created\n'],
    ['registered data at -vv', result('h', t, 'changed', { msg: 'ran', data: { rc: 0 } }), 2, 'changed: [h] => ran\n{\n    "rc": 0\n}\n'],
    ['no data at -v', result('h', t, 'changed', { msg: 'ran', data: { rc: 0 } }), 1, 'changed: [h] => ran\n'],
    ['a failed loop item', result('h', t, 'failed', { item: 'b', msg: 'no' }), 0, 'failed: [h] (item=b) => no\n'],
    ['delegation', result('h', t, 'ok', { delegatedTo: 'lb1' }), 0, 'ok: [h -> lb1]\n'],
    ['a rescued failure', result('h', t, 'rescued', { msg: 'no' }), 0, 'fatal: [h]: FAILED! => no\n...rescued\n'],
    ['a skipped item', result('h', t, 'skipped', { item: 'c' }), 0, 'skipping: [h] => (item=c)\n'],
  ])('prints %s', (_name, r, verbosity, expected) => {
    expect(one(r, verbosity)).toBe(expected)
  })

  it('colours status lines and the recap as Ansible does when colour is on', async () => {
    const text = await run({ color: true })
    expect(text).toContain('\x1b[33mchanged: [web02]\x1b[0m\n')
    expect(text).toContain('\x1b[32mok: [h1]\x1b[0m\n')
    expect(text).toContain('\x1b[36mskipping: [web02]\x1b[0m\n')
    expect(text).toContain('\x1b[91mfatal: [web02]: UNREACHABLE! => connect ECONNREFUSED 10.0.0.2:22\x1b[0m\n')
    // Zero counts stay uncoloured; the host is red because it failed.
    expect(text).toContain(
      '\x1b[31mh1   \x1b[0m : \x1b[32mok=3   \x1b[0m \x1b[33mchanged=2   \x1b[0m unreachable=0    \x1b[31mfailed=1   \x1b[0m',
    )
  })
})

describe('retry lines', () => {
  it('print FAILED - RETRYING per failed attempt; the attempt message only with -v', () => {
    const t = task('wait for etcd', { role: 'etcd' })
    const line = (verbosity: number): string => {
      const out = new Capture()
      createPlainReporter({ out, diff: false, verbosity, color: false }).retry?.({ host: 'm1', task: t, attempt: 1, retriesLeft: 9, msg: 'endpoint down' })
      return out.text
    }
    expect(line(0)).toBe('FAILED - RETRYING: [m1]: etcd : wait for etcd (9 retries left).\n')
    expect(line(1)).toBe('FAILED - RETRYING: [m1]: etcd : wait for etcd (9 retries left).\n  endpoint down\n')
  })
})
