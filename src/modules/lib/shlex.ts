import { ModuleFailure } from '../types.js'

/**
 * Splits a command line into words the way POSIX sh (and Python's shlex.split, which Ansible's
 * command module uses) does: quotes and backslashes group and escape; nothing is expanded
 * ($VAR, globs, ~ and operators like | stay literal words).
 */
export function splitArgs(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  const fail = (what: string): never => {
    throw new ModuleFailure(`cannot split command line (${what}): ${line}`)
  }
  while (i < line.length) {
    const c = line[i] as string
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) fail('no closing quotation')
      word += line.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (c === '"') {
      i++
      for (;;) {
        if (i >= line.length) fail('no closing quotation')
        const d = line[i] as string
        if (d === '"') break
        // inside double quotes a backslash escapes only these
        if (d === '\\' && i + 1 < line.length && '\\"$`\n'.includes(line[i + 1] as string)) {
          if (line[i + 1] !== '\n') word += line[i + 1]
          i += 2
        } else {
          word += d
          i++
        }
      }
      inWord = true
      i++
    } else if (c === '\\') {
      if (i + 1 >= line.length) fail('no escaped character')
      if (line[i + 1] !== '\n') {
        word += line[i + 1]
        inWord = true
      }
      i += 2
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
    } else {
      word += c
      inWord = true
      i++
    }
  }
  if (inWord) words.push(word)
  return words
}
