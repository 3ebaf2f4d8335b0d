import { describe, expect, it } from 'vitest'
import { parseArgs } from './args.js'

describe('parseArgs', () => {
  it.each([
    [[], { hosts: [10, 50], runs: 3, warmup: true }],
    [['--quick'], { hosts: [3], runs: 1, warmup: false }],
    [['--hosts', '200'], { hosts: [200], runs: 3 }],
    [['--hosts', '50,10', '--runs', '5'], { hosts: [10, 50], runs: 5 }],
    [['--quick', '--hosts', '10'], { hosts: [10], runs: 1, warmup: false }],
    [['--ansible-runs', '1'], { runs: 3, ansibleRuns: 1 }],
  ])('%j', (argv, want) => expect(parseArgs(argv)).toMatchObject(want))

  it.each([
    [['--hosts', '0'], /1\.\.200/],
    [['--hosts', '201'], /1\.\.200/],
    [['--contenders', 'pyinfra'], /unknown 'pyinfra'/],
    [['--runs'], /needs a value/],
    [['--fast'], /unknown option '--fast'/],
  ])('%j is refused', (argv, msg) => expect(() => parseArgs(argv)).toThrow(msg))
})
