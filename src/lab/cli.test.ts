import { afterEach, describe, expect, it, vi } from 'vitest'
import { labMain } from './cli.js'

/** Runs labMain, capturing what it writes. */
async function main(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  const code = await labMain(argv)
  vi.restoreAllMocks()
  return { code, out, err }
}

afterEach(() => vi.restoreAllMocks())

describe('krun lab arguments', () => {
  it.each([
    [['frobnicate', 'x'], /unknown lab command 'frobnicate'/],
    [['up'], /missing lab name/],
    [['up', 'Bad_Name'], /bad lab name 'Bad_Name'/],
    [['up', 'x', '--layout', 'mesh'], /unknown layout 'mesh'/],
    [['up', 'x', '--hosts', '0'], /--hosts must be 1\.\.200/],
    [['up', 'x', '--package', 'a;b'], /not a Debian package name/],
    [['up', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['down', 'x', 'extra'], /unexpected argument 'extra'/],
  ])('%j fails with one message and exit 1', async (argv, msg) => {
    const r = await main(argv)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(msg)
    expect(r.err.startsWith('krun lab: ')).toBe(true)
    expect(r.err).not.toMatch(/\n\s+at /)
  })

  it('prints usage without a command', async () => {
    expect(await main([])).toMatchObject({ code: 1, out: expect.stringContaining('krun lab up NAME') })
    expect(await main(['--help'])).toMatchObject({ code: 0 })
  })

  it('says so when downing a lab that does not exist', async () => {
    expect(await main(['lab', 'down', 'no-such-lab-krun'])).toMatchObject({ code: 0, out: 'no lab named no-such-lab-krun\n' })
  })

  it('reports status as JSON', async () => {
    const r = await main(['status', '--json'])
    expect(r.code).toBe(0)
    expect(Array.isArray(JSON.parse(r.out))).toBe(true)
  })
})
