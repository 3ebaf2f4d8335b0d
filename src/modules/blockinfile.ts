import { BOOL, STR, exclusive, toBool, toStr } from './lib/args.js'
import { editBlock } from './lib/block-edit.js'
import { pyRegex } from './lib/py-regex.js'
import { PATH_REQUIRED, TEXT_PROPS, insertPattern, planText, readText, textPath, type TextArgs } from './lib/text-file.js'
import { argBin } from './lib/text-lines.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `blockinfile` (Ansible's names and aliases). */
export interface BlockinfileArgs extends TextArgs {
  state?: 'present' | 'absent'
  block?: unknown
  content?: unknown
  marker?: string
  marker_begin?: string
  marker_end?: string
  insertafter?: string
  insertbefore?: string
  create?: boolean | string
  append_newline?: boolean | string
  prepend_newline?: boolean | string
}

/** Text, a number, or nothing (`block:` left empty removes the block, as in Ansible). */
const TEXT = { type: ['string', 'number', 'boolean', 'null'] } as const

/** `blockinfile`: a block of lines between two marker lines, inserted, updated or removed. */
export const blockinfile: ModuleDef<BlockinfileArgs> = {
  name: 'blockinfile',
  aliases: ['ansible.builtin.blockinfile', 'ansible.legacy.blockinfile'],
  schema: {
    type: 'object',
    properties: {
      ...TEXT_PROPS,
      state: { type: 'string', enum: ['present', 'absent'] },
      block: TEXT, content: TEXT,
      marker: STR, marker_begin: STR, marker_end: STR,
      insertafter: STR, insertbefore: STR,
      create: BOOL, append_newline: BOOL, prepend_newline: BOOL,
    },
    additionalProperties: false,
    anyOf: PATH_REQUIRED,
    ...exclusive(['insertafter', 'insertbefore']),
  },
  async plan(args, ctx) {
    const path = textPath(args, 'blockinfile')
    if (args.insertafter !== undefined && args.insertbefore !== undefined) throw new ModuleFailure('parameters are mutually exclusive: insertbefore|insertafter')
    const present = (args.state ?? 'present') === 'present'
    const marker = toStr(args.marker) ?? '# {mark} ANSIBLE MANAGED BLOCK'
    const mark = (word: string): string => argBin(marker.split('{mark}').join(word))
    // as in Ansible: no insertafter/insertbefore means insertafter=EOF
    const insertafter = args.insertafter ?? (args.insertbefore === undefined ? 'EOF' : undefined)
    const insertbefore = args.insertbefore
    const ins = insertPattern(insertafter, insertbefore, ['EOF'])
    const insertRe = ins ? pyRegex(argBin(ins.pattern), ins.arg) : undefined
    const before = await readText(ctx, path)
    if (before === null) {
      if (!present) return { changed: false, noop: `File ${path} not present`, data: { path } }
      if (!toBool(args.create, 'create', false)) throw new ModuleFailure(`Path ${path} does not exist !`, { rc: 257 })
    }
    const { result, blockLines } = editBlock(before, {
      present,
      block: argBin(toStr(args.block ?? args.content) ?? ''),
      begin: mark(toStr(args.marker_begin) ?? 'BEGIN'),
      end: mark(toStr(args.marker_end) ?? 'END'),
      ...(insertafter !== undefined ? { insertafter } : {}),
      ...(insertbefore !== undefined ? { insertbefore } : {}),
      ...(insertRe ? { insertRe } : {}),
      prependNewline: toBool(args.prepend_newline, 'prepend_newline', false),
      appendNewline: toBool(args.append_newline, 'append_newline', false),
    })
    const msg = before === null ? 'File created' : blockLines === 0 ? 'Block removed' : 'Block inserted'
    const why = blockLines === 0 ? 'no block to remove' : 'block already present'
    return planText(ctx, path, args, before, result === before ? { why } : { after: result, msg, why }, {})
  },
}
