import { describe, expect, it } from 'vitest'
import type { Connection } from '../connection/types.js'
import { profiled, timed } from './profile.js'

describe('profile hooks without KRUN_PROFILE', () => {
  it('hand back the connection itself and the function result: no cost when off', async () => {
    expect(process.env.KRUN_PROFILE).toBeUndefined()
    const c = { host: 'h' } as Connection
    expect(profiled(c)).toBe(c)
    await expect(timed('plan', async () => 42)).resolves.toBe(42)
  })
})
