import { hostname } from './hostname.js'
import { modprobe } from './modprobe.js'
import { sysctl } from './sysctl.js'
import { systemd } from './systemd.js'
import { timezone } from './timezone.js'

/** Modules of the library: systemd, sysctl, modprobe, hostname, timezone. The registry (index.ts) spreads this literal map. */
export const SYSTEM_MODULES = { systemd, sysctl, modprobe, hostname, timezone } as const
