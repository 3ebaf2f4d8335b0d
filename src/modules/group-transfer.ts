/** Modules of the library: get_url, unarchive, wait_for, slurp, fetch, pause. The registry (index.ts) spreads this literal map. */
export const TRANSFER_MODULES = {} as const
