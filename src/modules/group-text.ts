/** Modules of the library: lineinfile, blockinfile, replace. The registry (index.ts) spreads this literal map. */
export const TEXT_MODULES = {} as const
