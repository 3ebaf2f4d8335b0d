import { UnreachableError } from '../connection/types.js'
import { STR, toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `slurp`. */
export interface SlurpArgs {
  src?: string
  path?: string
}

/**
 * `slurp`: reads a file of the target into `register` as base64 (`content`, `encoding`,
 * `source`), in one read. The content never appears in the task's message.
 */
export const slurp: ModuleDef<SlurpArgs> = {
  name: 'slurp',
  aliases: ['ansible.builtin.slurp', 'ansible.legacy.slurp'],
  schema: {
    type: 'object',
    properties: { src: STR, path: STR },
    additionalProperties: false,
    // path is Ansible's alias of src
    anyOf: ['src', 'path'].map((k) => ({ properties: { [k]: STR }, required: [k] })),
  },
  async plan(args, ctx) {
    const src = toStr(args.src ?? args.path)
    if (!src) throw new ModuleFailure('slurp: missing required argument: src')
    let content: Buffer | null
    try {
      content = await ctx.probe.fetch(src)
    } catch (e) {
      if (e instanceof UnreachableError) throw e
      throw new ModuleFailure(`unable to slurp file ${src}: ${(e as Error).message}`, { source: src })
    }
    if (content === null) throw new ModuleFailure(`file not found: ${src}`, { source: src })
    return { changed: false, noop: `read ${src} (${content.length} bytes)`, data: { content: content.toString('base64'), encoding: 'base64', source: src } }
  },
}
