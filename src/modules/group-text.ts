import { blockinfile } from './blockinfile.js'
import { lineinfile } from './lineinfile.js'
import { replace } from './replace.js'

/** Modules of the library: lineinfile, blockinfile, replace. The registry (index.ts) spreads this literal map. */
export const TEXT_MODULES = { lineinfile, blockinfile, replace } as const
