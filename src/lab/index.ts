/**
 * `krun lab`: a local fleet of real test hosts (systemd-nspawn or light namespace hosts)
 * on a private bridge. State lives in /var/lib/krun-lab/<name>/ (KRUN_LAB_ROOT overrides),
 * base trees in /var/cache/krun-lab/.
 */
export { labMain, formatInfo } from './cli.js'
export { labDown } from './down.js'
export { labStatus, formatStatus } from './status.js'
export { labUp } from './up.js'
export type { LabInfo, LabStatus, LabUpOptions } from './types.js'
