/** Modules of the library: systemd, sysctl, modprobe, hostname, timezone. The registry (index.ts) spreads this literal map. */
export const SYSTEM_MODULES = {} as const
