import { STR, toStr } from './lib/args.js'
import { globalOf, pyRegex } from './lib/py-regex.js'
import { pySubn, pyTemplate } from './lib/py-template.js'
import { PATH_REQUIRED, TEXT_PROPS, planText, readText, textPath, type TextArgs } from './lib/text-file.js'
import { argBin } from './lib/text-lines.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `replace` (Ansible's names and aliases). */
export interface ReplaceArgs extends TextArgs {
  regexp: string
  replace?: string
  after?: string
  before?: string
  encoding?: string
}

/** Encodings whose bytes the patterns can be written in (the file itself is edited as bytes). */
const ENCODINGS: Record<string, BufferEncoding> = { 'utf-8': 'utf8', utf8: 'utf8', ascii: 'latin1', 'us-ascii': 'latin1', 'latin-1': 'latin1', latin1: 'latin1', 'iso-8859-1': 'latin1' }

/** The part of the file before/after select (DOTALL, as Ansible), or the reason it matched nothing. */
function section(text: string, after: string | undefined, before: string | undefined): { from: number; to: number } | string {
  if (!after && !before) return { from: 0, to: text.length }
  const pattern = after && before ? `${after}(?P<subsection>.*?)${before}` : after ? `${after}(?P<subsection>.*)` : `(?P<subsection>.*)${before ?? ''}`
  const r = pyRegex(pattern, after ? 'after' : 'before', { dotAll: true })
  const m = new RegExp(r.re.source, `${r.re.flags}d`).exec(text)
  const at = m?.indices?.groups?.subsection
  if (!at) return `Pattern for before/after params did not match the given file: ${pattern}`
  return { from: at[0], to: at[1] }
}

/** `replace`: every match of a regexp (MULTILINE) replaced, optionally only between `after` and `before`. */
export const replace: ModuleDef<ReplaceArgs> = {
  name: 'replace',
  aliases: ['ansible.builtin.replace', 'ansible.legacy.replace'],
  schema: {
    type: 'object',
    properties: { ...TEXT_PROPS, regexp: STR, replace: STR, after: STR, before: STR, encoding: STR },
    required: ['regexp'],
    additionalProperties: false,
    anyOf: PATH_REQUIRED,
  },
  async plan(args, ctx) {
    const path = textPath(args, 'replace')
    const enc = ENCODINGS[(toStr(args.encoding) ?? 'utf-8').toLowerCase()]
    if (!enc) throw new ModuleFailure(`replace: encoding ${String(args.encoding)} is not supported (utf-8, latin-1 or ascii)`)
    const bin = (v: unknown): string | undefined => (toStr(v) === undefined ? undefined : argBin(toStr(v) ?? '', enc))
    const re = pyRegex(bin(args.regexp) ?? '', 'regexp', { multiline: true })
    const tpl = pyTemplate(bin(args.replace) ?? '', re.re, 'replace')
    const text = await readText(ctx, path)
    if (text === null) throw new ModuleFailure(`Path ${path} does not exist !`, { rc: 257 })
    const sec = section(text, bin(args.after), bin(args.before))
    if (typeof sec === 'string') return { changed: false, noop: `${path}: ${sec}`, data: { path } }
    const part = text.slice(sec.from, sec.to)
    const r = pySubn(globalOf(re), tpl, part)
    if (r.count === 0 || r.text === part) {
      const why = r.count === 0 ? 'regexp matched nothing' : `${r.count} match(es), already as wanted`
      return planText(ctx, path, args, text, { why }, {})
    }
    const after = text.slice(0, sec.from) + r.text + text.slice(sec.to)
    return planText(ctx, path, args, text, { after, msg: `${r.count} replacements made`, why: '' }, {})
  },
}
