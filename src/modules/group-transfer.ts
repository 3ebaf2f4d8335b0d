import { fetch } from './fetch.js'
import { get_url } from './get-url.js'
import { pause } from './pause.js'
import { slurp } from './slurp.js'
import { unarchive } from './unarchive.js'
import { wait_for } from './wait-for.js'

/** Modules of the library: get_url, unarchive, wait_for, slurp, fetch, pause. The registry (index.ts) spreads this literal map. */
export const TRANSFER_MODULES = { get_url, unarchive, wait_for, slurp, fetch, pause } as const
