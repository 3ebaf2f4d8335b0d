import { cfssl } from './cfssl.js'
import { etcdctl } from './etcdctl.js'
import { kubeconfig } from './kubeconfig.js'

/** Modules of a cluster's PKI and its etcd: cfssl, kubeconfig, etcdctl. The registry (index.ts) spreads this literal map. */
export const PKI_MODULES = { cfssl, kubeconfig, etcdctl } as const
