import { describe, expect, it } from 'vitest'
import { createReporter, isCI, type ReporterKind } from './create.js'
import { Capture, result, task } from './test-run.js'

/** Which reporter a factory call built, told apart by what it prints for one task. */
async function kindOf(kind: ReporterKind, isTTY: boolean, env: NodeJS.ProcessEnv): Promise<string> {
  const out = new Capture()
  out.isTTY = isTTY
  const rep = createReporter(kind, { out, diff: false, verbosity: 0, color: false }, env)
  const t = task('x')
  rep.taskStart?.({ task: t, hosts: ['a'] })
  rep.hostResult?.(result('a', t, 'ok'))
  rep.taskEnd?.({ task: t })
  await rep.close?.()
  if (out.text.startsWith('{')) return 'json'
  return out.text.includes('TASK [x] ***') ? 'plain' : 'tty'
}

describe('createReporter', () => {
  it.each<[ReporterKind, boolean, NodeJS.ProcessEnv, string]>([
    ['auto', true, {}, 'tty'],
    ['auto', false, {}, 'plain'],
    ['auto', true, { CI: 'true' }, 'plain'],
    ['auto', true, { CI: 'false' }, 'tty'],
    ['tty', true, { CI: 'true' }, 'tty'],
    ['tty', false, {}, 'plain'],
    ['plain', true, {}, 'plain'],
    ['json', true, {}, 'json'],
  ])('%s on a stream with isTTY=%s and env %j gives %s', async (kind, isTTY, env, expected) => {
    expect(await kindOf(kind, isTTY, env)).toBe(expected)
  })

  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: '0' }, false],
    [{ CI: 'FALSE' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('isCI(%j) is %s', (env, expected) => {
    expect(isCI(env)).toBe(expected)
  })
})
