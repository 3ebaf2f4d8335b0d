import { shlexSplit } from '../../core/shlex.js'
import { ModuleFailure } from '../types.js'

/**
 * Splits a `command:` line into argv as Ansible does (Python's shlex.split): quotes and
 * backslashes group and escape; nothing is expanded ($VAR, globs, ~ and `|` stay literal).
 */
export function splitArgs(line: string): string[] {
  try {
    return shlexSplit(line)
  } catch (e) {
    throw new ModuleFailure(`cannot split command line (${(e as Error).message.toLowerCase()}): ${line}`)
  }
}
