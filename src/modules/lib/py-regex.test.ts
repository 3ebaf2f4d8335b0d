import { describe, expect, it } from 'vitest'
import { globalOf, pyRegex } from './py-regex.js'
import { pySubn, pyTemplate } from './py-template.js'

/** re.subn(pattern, template, text, flags) as CPython 3.11 answers it (each expectation was produced by python3). */
const sub = (pattern: string, flags: string, text: string, tpl: string): [string, number] => {
  const r = pyRegex(pattern, 'regexp', { multiline: flags.includes('m'), dotAll: flags.includes('s') })
  const out = pySubn(globalOf(r), pyTemplate(tpl, r.re, 'replace'), text)
  return [out.text, out.count]
}

describe('Python regular expressions and templates, as re.subn', () => {
  it.each<[string, string, string, string, string, number]>([
    ["^SELINUX=.*$", "", "SELINUX=disabled\n", "X", "X\n", 1],
    ["^(.*)Xms(\\d+)m(.*)$", "", "JAVA_OPTS=\"-Xms128m -Xmx512m\"\n", "\\1Xms${xms}m\\3", "JAVA_OPTS=\"-Xms${xms}m -Xmx512m\"\n", 1],
    ["^foo$", "m", "foo\r\nfoo\nbar foo\n", "[\\g<0>]", "foo\r\n[foo]\nbar foo\n", 1],
    ["^(.+)$", "m", "a b\n\nc\r\n", "# \\1", "# a b\n\n# c\r\n", 2],
    ["(\\s+)old\\.host\\.name(\\s+.*)?$", "m", "127.0.0.1 old.host.name other\n10.0.0.1\told.host.name\n", "\\1new.host.name\\2", "127.0.0.1 new.host.name other\n10.0.0.1\tnew.host.name\n", 2],
    ["\\b(localhost)(\\d*)\\b", "m", "127.0.0.1 localhost localhost6\n", "\\1\\2.localdomain\\2 \\1\\2", "127.0.0.1 localhost.localdomain localhost localhost6.localdomain6 localhost6\n", 2],
    ["^(?P<dctv>ListenAddress[ ]+)(?P<host>[^\\n]+)$", "m", "Port 22\nListenAddress 10.0.0.1\n", "#\\g<dctv>\\g<host>\\n\\g<dctv>0.0.0.0", "Port 22\n#ListenAddress 10.0.0.1\nListenAddress 0.0.0.0\n", 1],
    ["x*", "m", "abxd", "-", "-a-b--d-", 5],
    ["[]a]+", "", "b]a]c", "<\\g<0>>", "b<]a]>c", 1],
    ["(?i)hello", "", "say HeLLo", "hi", "say hi", 1],
    ["a{,2}", "", "aaab", "<\\g<0>>", "<aa><a><>b<>", 4],
    ["(?P<q>[\"\\']).*?(?P=q)", "", "x \"a\" 'b'", "Q", "x Q Q", 2],
    ["a.c", "", "a\rc a\nc", "<\\g<0>>", "<a\rc> a\nc", 1],
    ["(?s)a.c", "", "a\nc", "<\\g<0>>", "<a\nc>", 1],
    ["end$", "", "end\n", "END", "END\n", 1],
    ["end\\Z", "", "end\n", "END", "end\n", 0],
    ["\\Aab", "m", "ab\nab", "X", "X\nab", 1],
    ["(?x) a  b # comment", "", "ab a b", "X", "X a b", 1],
    ["(a)|(b)", "", "ab", "[\\1|\\2]", "[a|][|b]", 2],
    ["\\s+", "", "a \t b", "_", "a_b", 1],
    ["(\\d)(\\d)", "", "12", "\\2\\1\\\\n\\t\\-", "21\\n\t\\-", 1],
    ["(?m)^b$", "", "a\nb\nc", "B", "a\nB\nc", 1],
    ["a(?#note)b", "", "ab", "X", "X", 1],
    ["$", "m", "a\nb", "!", "a!\nb!", 2],
    ["^", "m", "a\nb\n", ">", ">a\n>b\n>", 3],
  ])('%j (flags %j) on %j -> %j', (pattern, flags, text, tpl, want, count) => {
    expect(sub(pattern, flags, text, tpl)).toEqual([want, count])
  })
})

describe('what cannot run the Python way is a clear failure', () => {
  it.each<[string, string, RegExp]>([
    ['(unclosed', '', /regexp is not a valid regular expression: \(unclosed: Unterminated group/],
    ['[abc', '', /unterminated character set/],
    ['a(?i)b', '', /inline flags are supported only at the start/],
    ['(?i:scoped)', '', /inline flags are supported only at the start/],
    ['(a)', '\\2', /replace: invalid group reference 2/],
    ['(?P<x>a)', '\\g<y>', /replace: unknown group name 'y'/],
    ['a', '\\q', /replace: bad escape \\q/],
    ['a', 'x\\', /bad escape \(end of pattern\)/],
  ])('%j with template %j', (pattern, tpl, msg) => {
    expect(() => sub(pattern, '', 'a', tpl)).toThrow(msg)
  })
})
