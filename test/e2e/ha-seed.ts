/**
 * What the seed guide (../shared/seeds/003) says the HA cluster's files hold, as data for
 * test/e2e/ha-cluster.test.ts: each unit's ExecStart flags and each certificate's subject and
 * SANs, filled in with a lab's addresses. Differences from the seed are deliberate and named.
 */

/** The addresses and names a rendering depends on. */
export interface SeedEnv {
  masters: Array<{ name: string; ip: string }>
  vip: string
  serviceCidr: string
  kubernetesSvcIp: string
  dnsSvcIp: string
}

const SEED_NAMES = 'C=CN, ST=BeiJing, L=BeiJing'

/** The certificates the pki role signs with the CA (02, 03, 04, 05, 06, 07). */
export const CERT_NAMES = ['admin', 'etcd', 'kubernetes', 'flanneld', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'] as const

/** certificate name -> subject (as `openssl x509 -subject` prints it, no spaces around =) and SANs. */
export function seedCerts(env: SeedEnv): Record<(typeof CERT_NAMES)[number], { subject: string; sans: string[] }> {
  const ips = env.masters.map((m) => `IP Address:${m.ip}`)
  const subject = (o: string, cn: string): string => `${SEED_NAMES}, O=${o}, OU=4Paradigm, CN=${cn}`
  const domains = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster', 'kubernetes.default.svc.cluster.local']
  return {
    admin: { subject: subject('system:masters', 'admin'), sans: [] },
    etcd: { subject: subject('k8s', 'etcd'), sans: ['IP Address:127.0.0.1', ...ips] },
    kubernetes: {
      subject: subject('k8s', 'kubernetes'),
      sans: ['IP Address:127.0.0.1', ...ips, `IP Address:${env.vip}`, `IP Address:${env.kubernetesSvcIp}`, ...domains.map((d) => `DNS:${d}`)],
    },
    flanneld: { subject: subject('k8s', 'flanneld'), sans: [] },
    'kube-controller-manager': { subject: subject('system:kube-controller-manager', 'system:kube-controller-manager'), sans: ['IP Address:127.0.0.1', ...ips] },
    'kube-scheduler': { subject: subject('system:kube-scheduler', 'system:kube-scheduler'), sans: ['IP Address:127.0.0.1', ...ips] },
    'kube-proxy': { subject: subject('k8s', 'system:kube-proxy'), sans: [] },
  }
}

const LOGS = ['--alsologtostderr=true', '--logtostderr=false', '--log-dir=/var/log/kubernetes', '--v=2']

/**
 * unit -> its ExecStart: the program and every flag in the seed's order, for the host `self`.
 * Corrections of the seed: kube-apiserver's `--enable-admission-plugins=plugins=...` typo
 * (the value starts with the first plugin) and kube-controller-manager's `Restart=on` line.
 */
export function seedUnits(env: SeedEnv, self: { name: string; ip: string }): Record<string, string[]> {
  const etcdServers = env.masters.map((m) => `https://${m.ip}:2379`).join(',')
  return {
    'kube-apiserver': [
      '/opt/k8s/bin/kube-apiserver',
      '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota',
      '--anonymous-auth=false', '--experimental-encryption-provider-config=/etc/kubernetes/encryption-config.yaml',
      `--advertise-address=${self.ip}`, `--bind-address=${self.ip}`, '--insecure-port=0', '--authorization-mode=Node,RBAC',
      '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--runtime-config=api/all', '--enable-bootstrap-token-auth',
      `--service-cluster-ip-range=${env.serviceCidr}`, '--service-node-port-range=8400-9000',
      '--tls-cert-file=/etc/kubernetes/cert/kubernetes.pem', '--tls-private-key-file=/etc/kubernetes/cert/kubernetes-key.pem',
      '--client-ca-file=/etc/kubernetes/cert/ca.pem', '--kubelet-client-certificate=/etc/kubernetes/cert/kubernetes.pem',
      '--kubelet-client-key=/etc/kubernetes/cert/kubernetes-key.pem', '--service-account-key-file=/etc/kubernetes/cert/sa.pub',
      '--etcd-cafile=/etc/kubernetes/cert/ca.pem', '--etcd-certfile=/etc/kubernetes/cert/kubernetes.pem',
      '--etcd-keyfile=/etc/kubernetes/cert/kubernetes-key.pem', `--etcd-servers=${etcdServers}`, '--enable-swagger-ui=true',
      '--allow-privileged=true', '--apiserver-count=3', '--audit-log-maxage=30', '--audit-log-maxbackup=3', '--audit-log-maxsize=100',
      '--audit-log-path=/var/log/kube-apiserver-audit.log', '--event-ttl=1h', ...LOGS,
    ],
    'kube-controller-manager': [
      '/opt/k8s/bin/kube-controller-manager', '--port=0', '--secure-port=10252', '--bind-address=127.0.0.1',
      '--kubeconfig=/etc/kubernetes/kube-controller-manager.kubeconfig', `--service-cluster-ip-range=${env.serviceCidr}`,
      '--allocate-node-cidrs=true', '--cluster-cidr=172.30.0.0/16', '--cluster-name=kubernetes',
      '--cluster-signing-cert-file=/etc/kubernetes/cert/ca.pem', '--cluster-signing-key-file=/etc/kubernetes/cert/ca-key.pem',
      '--experimental-cluster-signing-duration=8760h', '--root-ca-file=/etc/kubernetes/cert/ca.pem',
      '--service-account-private-key-file=/etc/kubernetes/cert/sa.key', '--leader-elect=true',
      '--feature-gates=RotateKubeletServerCertificate=true', '--controllers=*,bootstrapsigner,tokencleaner',
      '--horizontal-pod-autoscaler-use-rest-clients=true', '--horizontal-pod-autoscaler-sync-period=10s',
      '--tls-cert-file=/etc/kubernetes/cert/kube-controller-manager.pem',
      '--tls-private-key-file=/etc/kubernetes/cert/kube-controller-manager-key.pem', '--use-service-account-credentials=true', ...LOGS,
    ],
    'kube-scheduler': ['/opt/k8s/bin/kube-scheduler', '--address=127.0.0.1', '--kubeconfig=/etc/kubernetes/kube-scheduler.kubeconfig', '--leader-elect=true', ...LOGS],
    flanneld: [
      '/opt/k8s/bin/flanneld', '-etcd-cafile=/etc/kubernetes/cert/ca.pem', '-etcd-certfile=/etc/flanneld/cert/flanneld.pem',
      '-etcd-keyfile=/etc/flanneld/cert/flanneld-key.pem', `-etcd-endpoints=${etcdServers}`, '-etcd-prefix=/kubernetes/network', '-iface=eth0',
    ],
    docker: ['/opt/k8s/bin/dockerd', '--log-level=error', '$DOCKER_NETWORK_OPTIONS'],
    kubelet: [
      '/opt/k8s/bin/kubelet', '--bootstrap-kubeconfig=/etc/kubernetes/kubelet-bootstrap.kubeconfig', '--cert-dir=/etc/kubernetes/cert',
      '--network-plugin=cni', '--cni-bin-dir=/opt/cni/bin', '--cni-conf-dir=/etc/cni/net.d', '--kubeconfig=/etc/kubernetes/kubelet.kubeconfig',
      '--config=/etc/kubernetes/kubelet.config.json', `--hostname-override=${self.name}`,
      '--pod-infra-container-image=registry.access.redhat.com/rhel7/pod-infrastructure:latest', '--allow-privileged=true',
      '--alsologtostderr=true', '--logtostderr=false', '--log-dir=/var/log/kubernetes/', '--v=2',
    ],
    'kube-proxy': ['/opt/k8s/bin/kube-proxy', '--config=/etc/kubernetes/kube-proxy.config.yaml', ...LOGS],
  }
}

/** The seed's etcd flags for member `self` (the lab runs the distribution's /usr/bin/etcd). */
export function seedEtcd(env: SeedEnv, self: { name: string; ip: string }, exec = '/usr/bin/etcd'): string[] {
  const cluster = env.masters.map((m) => `${m.name}=https://${m.ip}:2380`).join(',')
  return [
    exec, '--data-dir=/var/lib/etcd', `--name=${self.name}`, '--cert-file=/etc/etcd/cert/etcd.pem', '--key-file=/etc/etcd/cert/etcd-key.pem',
    '--trusted-ca-file=/etc/kubernetes/cert/ca.pem', '--peer-cert-file=/etc/etcd/cert/etcd.pem', '--peer-key-file=/etc/etcd/cert/etcd-key.pem',
    '--peer-trusted-ca-file=/etc/kubernetes/cert/ca.pem', '--peer-client-cert-auth', '--client-cert-auth',
    `--listen-peer-urls=https://${self.ip}:2380`, `--initial-advertise-peer-urls=https://${self.ip}:2380`,
    `--listen-client-urls=https://${self.ip}:2379,http://127.0.0.1:2379`, `--advertise-client-urls=https://${self.ip}:2379`,
    '--initial-cluster-token=etcd-cluster-0', `--initial-cluster=${cluster}`, '--initial-cluster-state=new',
  ]
}

/** The seed's flannel network config, exactly as 05 writes it. */
export const SEED_FLANNEL_CONFIG = '{"Network":"172.30.0.0/16", "SubnetLen": 24, "Backend": {"Type": "vxlan"}}'

/** A unit file's ExecStart, joined over its `\` continuations and split into words. */
export function execStart(unit: string): string[] {
  const joined = unit.replace(/\\\n\s*/g, ' ')
  const line = joined.split('\n').find((l) => l.startsWith('ExecStart='))
  return line ? line.slice('ExecStart='.length).trim().split(/\s+/) : []
}
