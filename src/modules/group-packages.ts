import { apt } from './apt.js'
import { authorized_key } from './authorized-key.js'
import { dnf } from './dnf.js'
import { group } from './group.js'
import { packageModule } from './package.js'
import { user } from './user.js'

/** Modules of the library: package, apt, dnf, user, group, authorized_key. The registry (index.ts) spreads this literal map. */
export const PACKAGE_MODULES = { package: packageModule, apt, dnf, user, group, authorized_key } as const
