import { readFileSync, statSync } from 'node:fs'
import { WRITE_PROPS, writeOptions, type CopyArgs } from './copy.js'
import { STR, toStr } from './lib/args.js'
import { planContent } from './lib/content.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `template`. */
export interface TemplateArgs extends Omit<CopyArgs, 'content' | 'directory_mode' | 'remote_src' | 'src'> {
  src: string
  newline_sequence?: '\n' | '\r' | '\r\n'
}

const NEWLINES = ['\n', '\r', '\r\n', '\\n', '\\r', '\\r\\n']

/** `template`: renders a Jinja2 file from the controller with the host's variables, then writes it as copy does. */
export const template: ModuleDef<TemplateArgs> = {
  name: 'template',
  aliases: ['ansible.builtin.template', 'ansible.legacy.template'],
  schema: {
    type: 'object',
    properties: { ...WRITE_PROPS, src: STR, newline_sequence: { type: 'string', enum: NEWLINES } },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const src = toStr(args.src)
    const dest = toStr(args.dest)
    if (!src || !dest) throw new ModuleFailure('template: src and dest are required')
    if (dest.endsWith('/')) throw new ModuleFailure(`template: dest must be a file path, not a directory: ${dest}`)
    const abs = ctx.findFile('templates', src)
    let text = ctx.renderTemplate(readFileSync(abs, 'utf8'), abs)
    const nl = (args.newline_sequence ?? '\n').replace(/\\r/g, '\r').replace(/\\n/g, '\n')
    if (nl !== '\n') text = text.replace(/\r?\n/g, nl)
    const opts = writeOptions(args)
    // mode=preserve: the template file's own mode
    const mode = opts.want.mode?.kind === 'preserve' ? { kind: 'octal' as const, value: statSync(abs).mode & 0o7777 } : undefined
    return planContent([{ dest, content: Buffer.from(text), ...(mode ? { mode } : {}) }], opts, ctx)
  },
}
