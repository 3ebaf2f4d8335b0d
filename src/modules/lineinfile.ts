import { BOOL, STR, exclusive, toBool, toStr } from './lib/args.js'
import { absentLines, presentLine, type LineSpec } from './lib/line-edit.js'
import { pyRegex } from './lib/py-regex.js'
import { PATH_REQUIRED, TEXT_PROPS, insertPattern, planText, readText, textPath, type TextArgs } from './lib/text-file.js'
import { argBin, readLines } from './lib/text-lines.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `lineinfile` (Ansible's names and aliases). */
export interface LineinfileArgs extends TextArgs {
  state?: 'present' | 'absent'
  regexp?: string
  regex?: string
  search_string?: string
  line?: string
  value?: string
  insertafter?: string
  insertbefore?: string
  backrefs?: boolean | string
  create?: boolean | string
  firstmatch?: boolean | string
}

/** Ansible's mutually exclusive pairs. */
const EXCLUSIVE: Array<[keyof LineinfileArgs & string, keyof LineinfileArgs & string]> = [['insertbefore', 'insertafter'], ['regexp', 'search_string'], ['backrefs', 'search_string']]

/** `lineinfile`: one line present (added, or replacing what regexp/search_string matches) or absent. */
export const lineinfile: ModuleDef<LineinfileArgs> = {
  name: 'lineinfile',
  aliases: ['ansible.builtin.lineinfile', 'ansible.legacy.lineinfile'],
  schema: {
    type: 'object',
    properties: {
      ...TEXT_PROPS,
      state: { type: 'string', enum: ['present', 'absent'] },
      regexp: STR, regex: STR, search_string: STR, line: STR, value: STR,
      insertafter: STR, insertbefore: STR,
      backrefs: BOOL, create: BOOL, firstmatch: BOOL,
    },
    additionalProperties: false,
    anyOf: PATH_REQUIRED,
    ...exclusive(...EXCLUSIVE),
    // state=present (the default) needs the line: a load-time error, not a failed run
    if: { properties: { state: { const: 'present' } } },
    then: { anyOf: [{ properties: { line: STR }, required: ['line'] }, { properties: { value: STR }, required: ['value'] }] },
  },
  async plan(args, ctx) {
    const path = textPath(args, 'lineinfile')
    const regexp = toStr(args.regexp ?? args.regex)
    const line = toStr(args.line ?? args.value)
    const search = toStr(args.search_string)
    const given = { ...args, regexp }
    for (const [a, b] of EXCLUSIVE) {
      if (given[a] !== undefined && given[b] !== undefined) throw new ModuleFailure(`parameters are mutually exclusive: ${a}|${b}`)
    }
    const backrefs = toBool(args.backrefs, 'backrefs', false)
    const create = toBool(args.create, 'create', false)
    const present = (args.state ?? 'present') === 'present'
    const re = regexp === undefined ? undefined : pyRegex(argBin(regexp), 'regexp').re
    if (present && backrefs && !re) throw new ModuleFailure('regexp is required with backrefs=true')
    if (present && line === undefined) throw new ModuleFailure('line is required with state=present')
    if (!present && regexp === undefined && search === undefined && line === undefined) {
      throw new ModuleFailure('one of line, search_string, or regexp is required with state=absent')
    }
    const bLine = argBin(line ?? '')
    const bSearch = search === undefined ? undefined : argBin(search)
    const before = await readText(ctx, path)
    if (!present) {
      if (before === null) return { changed: false, noop: `${path}: file not present`, data: { path, found: 0 } }
      const r = absentLines(readLines(before), { ...(re ? { regexp: re } : {}), ...(bSearch !== undefined ? { search: bSearch } : {}), line: bLine })
      return planText(ctx, path, args, before, { after: r.lines.join(''), msg: r.msg, why: r.why }, { found: r.found })
    }
    if (before === null && !create) throw new ModuleFailure(`Destination ${path} does not exist !`, { rc: 257 })
    // as in Ansible: no insertafter/insertbefore means insertafter=EOF
    const insertafter = args.insertafter ?? (args.insertbefore === undefined ? 'EOF' : undefined)
    const insertbefore = args.insertbefore
    const ins = insertPattern(insertafter, insertbefore, ['BOF', 'EOF'])
    const spec: LineSpec = {
      line: bLine,
      ...(re ? { regexp: re } : {}),
      backrefs,
      ...(bSearch !== undefined ? { search: bSearch } : {}),
      ...(insertafter !== undefined ? { insertafter } : {}),
      ...(insertbefore !== undefined ? { insertbefore } : {}),
      ...(ins ? { insertRe: pyRegex(argBin(ins.pattern), ins.arg).re } : {}),
      firstmatch: toBool(args.firstmatch, 'firstmatch', false),
    }
    const r = presentLine(readLines(before ?? ''), spec)
    const after = r.msg ? r.lines.join('') : undefined
    return planText(ctx, path, args, before, after === undefined ? { why: r.why } : { after, msg: r.msg, why: r.why }, {})
  },
}
