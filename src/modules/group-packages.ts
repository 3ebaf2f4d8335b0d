/** Modules of the library: package, apt, dnf, user, group, authorized_key. The registry (index.ts) spreads this literal map. */
export const PACKAGE_MODULES = {} as const
