/**
 * A kernel module as the modprobe module needs it, in one command: loaded (/proc/modules),
 * built in (modules.builtin, /sys/module), and the files of /etc/modules-load.d and
 * /etc/modprobe.d that name it, with their content.
 */
import { quote } from '../connection/quote.js'

/** Where systemd-modules-load reads module names, and where modprobe reads options. */
export const LOAD_DIR = '/etc/modules-load.d'
export const CONF_DIR = '/etc/modprobe.d'

/** A configuration file that names the module. */
export interface KmodFile {
  /** LOAD_DIR or CONF_DIR. */
  dir: string
  /** The file's path, symbolic links resolved (where a write must go). */
  path: string
  content: string
}

/** What the probe found about a module. */
export interface KmodFacts {
  /** The kernel loads modules (/proc/modules exists). */
  loadable: boolean
  /** Listed in /proc/modules. */
  loaded: boolean
  /** Built into the kernel: in modules.builtin, or under /sys/module without being a loaded module. */
  builtin: boolean
  /** /sys/module is visible (containers may hide it): without it a built-in module cannot be seen. */
  sysfs: boolean
  files: KmodFile[]
  /** LOAD_DIR/CONF_DIR when missing. */
  missingDirs: string[]
}

const MARK = '@@krun-kmod|'

/** A regular expression source for a module name: `-` and `_` are the same to the kernel. */
export function namePattern(name: string): string {
  return name.replace(/[-_]/g, '[-_]')
}

/** One sh command line that prints KmodFacts for `name` ([A-Za-z0-9_-] only; parse with parseKmod). */
export function kmodCommand(name: string): string {
  const under = name.replace(/-/g, '_')
  const re = namePattern(name)
  return [
    `if [ -r /proc/modules ]; then echo proc=yes; if grep -q ${quote(`^${under} `)} /proc/modules; then echo loaded=yes; fi; else echo proc=no; fi`,
    `if grep -qE ${quote(`/${re}\\.ko(\\.[a-z]+)?$`)} "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null; then echo builtin=yes; fi`,
    `if [ -d ${quote(`/sys/module/${under}`)} ]; then echo sys=yes; elif [ ! -d /sys/module ]; then echo nosysfs; fi`,
    `for d in ${LOAD_DIR} ${CONF_DIR}; do if [ ! -d "$d" ]; then echo "nodir=$d"; fi; done`,
    `for f in ${LOAD_DIR}/* ${CONF_DIR}/*; do if [ -f "$f" ] && { grep -qE ${quote(re)} "$f" || [ "\${f##*/}" = ${quote(`${name}.conf`)} ]; }; then ` +
      `printf '${MARK}%s|%s|%s\\n' "\${f%/*}" "$(readlink -f -- "$f")" "$(wc -c < "$f")"; cat -- "$f"; fi; done`,
  ].join('; ')
}

/** Parses kmodCommand's output: status lines, then each file as a header and exactly its bytes. */
export function parseKmod(output: string): KmodFacts {
  const buf = Buffer.from(output)
  const facts: KmodFacts = { loadable: false, loaded: false, builtin: false, sysfs: true, files: [], missingDirs: [] }
  let sys = false
  let at = 0
  while (at < buf.length) {
    const nl = buf.indexOf(10, at)
    const line = buf.subarray(at, nl < 0 ? buf.length : nl).toString()
    at = nl < 0 ? buf.length : nl + 1
    if (line.startsWith(MARK)) {
      const [dir = '', path = '', size = '0'] = line.slice(MARK.length).split('|')
      const n = Number.parseInt(size.trim(), 10) || 0
      facts.files.push({ dir, path, content: buf.subarray(at, at + n).toString() })
      at += n
    } else if (line === 'proc=yes') facts.loadable = true
    else if (line === 'loaded=yes') facts.loaded = true
    else if (line === 'builtin=yes') facts.builtin = true
    else if (line === 'sys=yes') sys = true
    else if (line === 'nosysfs') facts.sysfs = false
    else if (line.startsWith('nodir=')) facts.missingDirs.push(line.slice(6))
  }
  if (sys && !facts.loaded) facts.builtin = true
  return facts
}
