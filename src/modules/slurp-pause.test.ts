import { describe, expect, it } from 'vitest'
import { pause } from './pause.js'
import { slurp } from './slurp.js'
import { fakeContext } from './testing/fake-host.js'

const ctx = () => fakeContext({ '/etc/ca.pem': { content: '-----BEGIN CERTIFICATE-----\n' }, '/bin/x': { content: Buffer.from([0, 1, 2]) } })

describe('slurp plans', () => {
  it.each<[Record<string, unknown>, unknown]>([
    [{ src: '/etc/ca.pem' }, { changed: false, noop: 'read /etc/ca.pem (28 bytes)', data: { content: Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64'), encoding: 'base64', source: '/etc/ca.pem' } }],
    [{ path: '/bin/x' }, { changed: false, noop: 'read /bin/x (3 bytes)', data: { content: 'AAEC', encoding: 'base64', source: '/bin/x' } }],
  ])('%j', async (args, expected) => {
    expect(await slurp.plan(args as never, ctx())).toEqual(expected)
  })
  it('the content stays out of the message', async () => {
    const plan = await slurp.plan({ src: '/etc/ca.pem' }, ctx())
    expect(plan.changed === false && plan.noop).not.toContain('BEGIN')
  })
  it('a missing file fails', async () => {
    await expect(slurp.plan({ src: '/etc/none' }, ctx())).rejects.toThrow(/^file not found: \/etc\/none$/)
  })
})

describe('pause plans (on the controller; never a change)', () => {
  it.each<[Record<string, unknown>, string, number]>([
    [{ seconds: 0.2 }, 'Paused for 0.2 seconds', 200],
    [{ seconds: '0.1' }, 'Paused for 0.1 seconds', 100],
    [{ minutes: 0.002, seconds: 30 }, 'Paused for 0.002 minutes', 120],
  ])('%j waits', async (args, noop, ms) => {
    const t = Date.now()
    expect(await pause.plan(args as never, ctx())).toMatchObject({ changed: false, noop, data: { stdout: noop, user_input: '' } })
    expect(Date.now() - t).toBeGreaterThanOrEqual(ms - 5)
  })
  it('a prompt without a terminal is shown and the play goes on, as Ansible does', async () => {
    // as in CI, whatever terminal this test runs from
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true })
    const plan = await pause.plan({ prompt: 'Check the cluster, then press enter' }, ctx())
    expect(plan).toMatchObject({ changed: false, noop: 'Not waiting for response to prompt as stdin is not interactive', display: 'Check the cluster, then press enter' })
  })
  it.each([[{ seconds: 'soon' }, /argument 'seconds' must be a non-negative number/], [{ minutes: -1 }, /argument 'minutes'/]])('%j fails', async (args, msg) => {
    await expect(pause.plan(args as never, ctx())).rejects.toThrow(msg)
  })
})
