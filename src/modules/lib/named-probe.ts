/**
 * A probe of several named parts in one round trip (lib/probe-sections.ts joins them): plans
 * whose parts depend on the arguments read each part's output by name, not by position.
 */
import { joinSections, splitSections } from './probe-sections.js'

/** A part: its name and its sh command line (built with connection/quote.ts). */
export type ProbePart = readonly [name: string, cmd: string]

/** One command for all parts, and the reader of its output. */
export interface NamedProbe {
  cmd: string
  /** Output of each part by name ('' for a part that printed nothing). */
  read(stdout: string): Map<string, string>
}

/** Joins named parts into one probe command. */
export function namedProbe(parts: readonly ProbePart[]): NamedProbe {
  return {
    cmd: joinSections(parts.map((p) => p[1])),
    read(stdout) {
      const outs = splitSections(stdout, parts.length)
      return new Map(parts.map(([name], i) => [name, outs[i] ?? '']))
    },
  }
}
