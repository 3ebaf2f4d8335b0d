import { describe, expect, it } from 'vitest'
import { batches } from './batches.js'

const h = (n: number): string[] => Array.from({ length: n }, (_, i) => `h${i + 1}`)

describe('serial batches', () => {
  it.each([
    [h(5), [], [5]],
    [h(5), [2], [2, 2, 1]],
    [h(5), ['40%'], [2, 2, 1]],
    [h(10), [1, 3, '50%'], [1, 3, 5, 1]],
    [h(3), ['10%'], [1, 1, 1]],
    [h(3), [0], [3]],
    [h(4), [10], [4]],
  ] as Array<[string[], Array<number | string>, number[]]>)('%j with serial %j gives sizes %j', (hosts, serial, sizes) => {
    const b = batches(hosts, serial)
    expect(b.map((x) => x.length)).toEqual(sizes)
    expect(b.flat()).toEqual(hosts)
  })
})
