import { quote } from '../connection/quote.js'
import { BOOL, STR, exclusive, toBool, toStr } from './lib/args.js'
import { guardReason } from './lib/guard.js'
import { splitArgs } from './lib/shlex.js'
import { ModuleFailure, type ModuleDef, type Plan, type PlanContext } from './types.js'

/** Arguments of `command` (and, with `executable`, of `shell`). */
export interface CommandArgs {
  cmd?: string
  argv?: string[]
  creates?: string
  removes?: string
  chdir?: string
  stdin?: string
  stdin_add_newline?: boolean | string
}

/** Arguments shared by command and shell. */
export const RUN_PROPS = {
  cmd: STR,
  creates: STR,
  removes: STR,
  chdir: STR,
  stdin: STR,
  stdin_add_newline: BOOL,
} as const

const ARGV = { type: 'array', items: STR } as const

// words sh would read as syntax in first position: quoting them makes sh run a program of that name
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'in'])

/** argv as one sh line that runs exactly that program with those words (no expansion). */
export function argvLine(argv: readonly string[]): string {
  return argv
    .map((w, i) => (i === 0 && (RESERVED.has(w) || w.includes('=')) ? `'${w.replace(/'/g, `'\\''`)}'` : quote(w)))
    .join(' ')
}

/**
 * The plan of command and shell: nothing to do when a `creates`/`removes` guard says so,
 * otherwise one opaque exec. rc/stdout/stderr for `register` come from the engine.
 */
export async function planRun(line: string, args: CommandArgs, ctx: PlanContext): Promise<Plan> {
  const chdir = toStr(args.chdir)
  const noop = await guardReason(ctx.probe, { creates: toStr(args.creates), removes: toStr(args.removes), chdir })
  if (noop) return { changed: false, noop }
  const stdin = toStr(args.stdin)
  const newline = toBool(args.stdin_add_newline, 'stdin_add_newline', true)
  return {
    changed: true,
    diffs: [],
    changes: [
      {
        kind: 'exec',
        cmd: line,
        reason: line,
        opaque: true,
        ...(chdir ? { cwd: chdir } : {}),
        ...(stdin !== undefined ? { stdin: newline ? `${stdin}\n` : stdin } : {}),
      },
    ],
  }
}

/** `command`: runs a program with arguments, without a shell (no pipes, redirections or $VARS). */
export const command: ModuleDef<CommandArgs> = {
  name: 'command',
  aliases: ['ansible.builtin.command', 'ansible.legacy.command'],
  freeForm: 'cmd',
  schema: {
    type: 'object',
    properties: { ...RUN_PROPS, argv: ARGV },
    additionalProperties: false,
    // no command at all is caught at load, before any host is touched
    anyOf: [{ properties: { cmd: STR }, required: ['cmd'] }, { properties: { argv: ARGV }, required: ['argv'] }],
    ...exclusive(['cmd', 'argv']),
  },
  async plan(args, ctx) {
    if (args.cmd !== undefined && args.argv !== undefined) throw new ModuleFailure('command: use either cmd (free form) or argv, not both')
    const argv = args.argv ?? splitArgs(toStr(args.cmd) ?? '')
    if (argv.length === 0) throw new ModuleFailure('command: no command given')
    return planRun(argvLine(argv), args, ctx)
  },
}
