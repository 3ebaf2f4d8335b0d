/**
 * The state of one systemd unit, read with one command: `systemctl show` properties,
 * `systemctl is-enabled`, whether systemd runs as init, and the unit's files on disk.
 */
import { quote } from '../connection/quote.js'

/** sd_booted(): systemd runs as init when this directory exists. */
export const SYSTEMD_BOOTED = '[ -d /run/systemd/system ]'

/** The `systemctl show` properties the systemd module reads. */
export const UNIT_PROPS = ['Id', 'LoadState', 'ActiveState', 'SubState', 'UnitFileState', 'NeedDaemonReload', 'FragmentPath', 'InvocationID'] as const

/** Where system unit files live, most specific first. */
export const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'] as const

const UNIT_TYPES = /\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$/

/** What the probe found about a unit. */
export interface UnitFacts {
  /** systemd runs as init (PID 1) on the host. */
  booted: boolean
  /** `systemctl show` properties, by name (empty values kept). */
  props: Record<string, string>
  /** `systemctl is-enabled` output ('' when it printed nothing, e.g. no unit file). */
  isEnabled: string
  /** Unit files of this unit found on disk (possibly not loaded yet). */
  files: string[]
  /** Set when `systemctl show` itself failed: its exit code. */
  showRc?: number
}

/** The unit file name systemctl means by `name` (`.service` added when no unit type is given). */
export function unitFileName(name: string): string {
  return UNIT_TYPES.test(name) ? name : `${name}.service`
}

/** File names that can define a unit: its own, and the template of an instance (`a@b.service` -> `a@.service`). */
function fileCandidates(name: string): string[] {
  const full = unitFileName(name)
  const m = /^([^@]+)@[^.]+(\..+)$/.exec(full)
  return m ? [full, `${m[1]}@${m[2]}`] : [full]
}

/** One sh command line that prints UnitFacts for `name` (parse with parseUnit); without a name, only whether systemd runs. */
export function unitCommand(name?: string): string {
  const booted = `if ${SYSTEMD_BOOTED}; then echo booted=yes; else echo booted=no; fi`
  if (name === undefined) return booted
  const q = quote(name)
  const files = UNIT_DIRS.flatMap((d) => fileCandidates(name).map((f) => quote(`${d}/${f}`)))
  return [
    booted,
    `systemctl show ${q} -p ${UNIT_PROPS.join(',')} || echo show-rc=$?`,
    `echo "is-enabled=$(systemctl is-enabled ${q} 2>/dev/null)"`,
    `for f in ${files.join(' ')}; do if [ -f "$f" ]; then echo "file=$f"; fi; done`,
  ].join('; ')
}

/** Parses unitCommand's output. */
export function parseUnit(output: string): UnitFacts {
  const facts: UnitFacts = { booted: false, props: {}, isEnabled: '', files: [] }
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=')
    if (eq < 1) continue
    const key = line.slice(0, eq)
    const value = line.slice(eq + 1)
    if (key === 'booted') facts.booted = value === 'yes'
    else if (key === 'show-rc') facts.showRc = Number(value)
    else if (key === 'is-enabled') facts.isEnabled = value.trim()
    else if (key === 'file') facts.files.push(value)
    else if (/^[A-Z]/.test(key)) facts.props[key] = value
  }
  return facts
}

/** Run state in the module's words: active, activating and reloading units are started. */
export function activeOf(activeState: string | undefined): 'started' | 'stopped' {
  return activeState === 'active' || activeState === 'activating' || activeState === 'reloading' ? 'started' : 'stopped'
}

/**
 * Enablement of a unit file state (UnitFileState or is-enabled output): true, false, or
 * 'static' for units that cannot be enabled or disabled (no [Install] section, generated,
 * transient), and 'masked'.
 */
export function enabledOf(fileState: string): boolean | 'static' | 'masked' {
  if (/^(enabled|enabled-runtime|linked|linked-runtime|alias)$/.test(fileState)) return true
  if (/^(static|generated|transient)$/.test(fileState)) return 'static'
  if (/^masked/.test(fileState)) return 'masked'
  return false
}
