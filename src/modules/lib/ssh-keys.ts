/**
 * authorized_keys lines as sshd reads them: `[options] type base64 [comment]`, where options
 * may hold quoted strings with spaces (`command="a b",no-pty`). A key is known by its type and
 * base64 blob; options and comment may change around it.
 */

/** One parsed key line. */
export interface KeyLine {
  options?: string
  type: string
  blob: string
  comment?: string
}

const TYPE = /^(?:ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9-]+@openssh\.com|[a-z0-9-]+-cert-v0\d@openssh\.com)$/
const BLOB = /^[A-Za-z0-9+/]+={0,3}$/

/** Splits off the options field: everything up to the first blank outside double quotes. */
function splitOptions(line: string): [string, string] {
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '\\' && quoted) i++
    else if (c === '"') quoted = !quoted
    else if (!quoted && (c === ' ' || c === '\t')) return [line.slice(0, i), line.slice(i).trimStart()]
  }
  return [line, '']
}

/** Parses a key line; undefined for blanks, comments and anything that is not a key. */
export function parseKeyLine(raw: string): KeyLine | undefined {
  const line = raw.trim()
  if (!line || line.startsWith('#')) return undefined
  const first = line.split(/\s+/, 1)[0] ?? ''
  const [options, rest] = TYPE.test(first) ? [undefined, line] : splitOptions(line)
  const [type = '', blob = '', ...comment] = rest.split(/\s+/)
  if (!TYPE.test(type) || !BLOB.test(blob)) return undefined
  return { ...(options ? { options } : {}), type, blob, ...(comment.length ? { comment: comment.join(' ') } : {}) }
}

/** The line sshd reads for a key. */
export function keyText(k: KeyLine): string {
  return [k.options, k.type, k.blob, k.comment].filter((x) => x !== undefined && x !== '').join(' ')
}

/** True when two lines hold the same key (whatever their options and comments). */
export function sameKey(a: KeyLine, b: KeyLine): boolean {
  return a.type === b.type && a.blob === b.blob
}

/** True when two lines would read the same to sshd. */
export function sameLine(a: KeyLine, b: KeyLine): boolean {
  return sameKey(a, b) && (a.options ?? '') === (b.options ?? '') && (a.comment ?? '') === (b.comment ?? '')
}

/** How a task wants its keys in the file. */
export interface KeyEdit {
  keys: KeyLine[]
  state: 'present' | 'absent'
  exclusive: boolean
}

/**
 * The new text of an authorized_keys file. Lines the task does not touch keep their exact
 * text; a key already there with other options or comment is replaced in place.
 */
export function editKeys(current: string, edit: KeyEdit): string {
  const lines = current === '' ? [] : current.replace(/\n$/, '').split('\n')
  let out: string[]
  if (edit.state === 'absent') {
    out = lines.filter((l) => {
      const k = parseKeyLine(l)
      return !k || !edit.keys.some((x) => sameKey(x, k))
    })
  } else if (edit.exclusive) {
    const kept = edit.keys.filter((k, i) => edit.keys.findIndex((x) => sameKey(x, k)) === i)
    out = kept.map((k) => {
      const old = lines.find((l) => {
        const p = parseKeyLine(l)
        return p !== undefined && sameLine(p, k)
      })
      return old ?? keyText(k)
    })
  } else {
    out = [...lines]
    for (const k of edit.keys) {
      const i = out.findIndex((l) => {
        const p = parseKeyLine(l)
        return p !== undefined && sameKey(p, k)
      })
      const old = i >= 0 ? parseKeyLine(out[i] ?? '') : undefined
      if (i < 0) out.push(keyText(k))
      else if (old && !sameLine(old, k)) out[i] = keyText(k)
    }
  }
  return out.length ? `${out.join('\n')}\n` : ''
}
