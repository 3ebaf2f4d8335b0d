import type { Inventory } from '../inventory/types.js'
import type { Node, Play, Playbook } from '../playbook/types.js'
import { selectTags, taskLabel } from '../playbook/index.js'

interface Selection {
  tags: string[]
  skipTags: string[]
}

/** The lines of `--list-tasks`: what would run under the selection, as ansible-playbook prints it. */
export function listTasks(play: Play, sel: Selection): string[] {
  const out: string[] = []
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      if (n.kind === 'block') {
        walk(n.block)
        walk(n.rescue)
        walk(n.always)
      } else if (selectTags(n.tags, sel)) {
        const name = n.kind === 'include' && !n.name ? `include_${n.what} : ${n.target}` : taskLabel(n)
        out.push(`${name}\tTAGS: [${visibleTags(n.tags).join(', ')}]`)
      }
    }
  }
  walk([...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks])
  return out
}

/** Every tag used in a play (task tags, inherited ones included), sorted. */
export function listTags(play: Play): string[] {
  const tags = new Set<string>()
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      n.tags.forEach((t) => tags.add(t))
      if (n.kind === 'block') [n.block, n.rescue, n.always].forEach(walk)
    }
  }
  walk([...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks])
  return [...tags].sort()
}

function visibleTags(tags: string[]): string[] {
  return [...new Set(tags)].sort()
}

/** `--list-hosts/--list-tasks/--list-tags` output for a whole playbook. */
export function renderListing(
  pb: Playbook,
  hostsOf: (play: Play) => string[],
  what: { hosts: boolean; tasks: boolean; tags: boolean },
  sel: Selection,
  _inv?: Inventory,
): string {
  const lines = ['', `playbook: ${pb.file}`, '']
  pb.plays.forEach((play, i) => {
    lines.push(`  play #${i + 1} (${play.hosts}): ${play.name}\tTAGS: [${visibleTags(play.tags).join(', ')}]`)
    if (what.hosts) {
      const hosts = hostsOf(play)
      lines.push(`    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`))
    }
    if (what.tasks) lines.push('    tasks:', ...listTasks(play, sel).map((t) => `      ${t}`))
    if (what.tags) lines.push(`      TASK TAGS: [${listTags(play).join(', ')}]`)
    lines.push('')
  })
  return lines.join('\n')
}
