import { shJoin } from '../connection/quote.js'
import { RUN_PROPS, planRun, type CommandArgs } from './command.js'
import { STR, toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `shell`. */
export interface ShellArgs extends Omit<CommandArgs, 'argv'> {
  executable?: string
}

/** `shell`: runs the text through /bin/sh (or `executable -c`), pipes and expansions included. */
export const shell: ModuleDef<ShellArgs> = {
  name: 'shell',
  aliases: ['ansible.builtin.shell', 'ansible.legacy.shell'],
  freeForm: 'cmd',
  schema: {
    type: 'object',
    properties: { ...RUN_PROPS, executable: STR },
    required: ['cmd'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const text = toStr(args.cmd) ?? ''
    if (text.trim() === '') throw new ModuleFailure('shell: no command given')
    const exe = toStr(args.executable)
    // the connection already runs the line with /bin/sh -c
    return planRun(exe ? shJoin([exe, '-c', text]) : text, args, ctx)
  },
}
