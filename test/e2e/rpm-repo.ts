import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DemoPackage } from './packages-repo.js'

// one file, /usr/share/NAME/VERSION, holding the version; no scriptlets, so no dependency
// on /bin/sh in an rpm database that knows nothing of Debian's own packages
const SPEC = `Name: %{pkg}
Version: %{ver}
Release: 1
Summary: krun test package
License: MIT
BuildArch: noarch

%description
krun test package %{ver}.

%install
mkdir -p %{buildroot}/usr/share/%{pkg}
echo %{ver} > %{buildroot}/usr/share/%{pkg}/VERSION

%files
/usr/share/%{pkg}/VERSION
`

/** Builds `NAME-VERSION-1.noarch.rpm` into `dir` with rpmbuild (on the controller) and returns its file name. */
export function buildRpm(dir: string, p: DemoPackage): string {
  const top = mkdtempSync(join(tmpdir(), 'krun-rpm-'))
  try {
    writeFileSync(join(top, 'demo.spec'), SPEC)
    const defs = [`_topdir ${top}`, `_tmppath ${top}/tmp`, `pkg ${p.name}`, `ver ${p.version}`].flatMap((d) => ['--define', d])
    execFileSync('rpmbuild', ['-bb', '--quiet', ...defs, join(top, 'demo.spec')], { stdio: 'pipe' })
    const file = `${p.name}-${p.version}-1.noarch.rpm`
    copyFileSync(join(top, 'RPMS/noarch', file), join(dir, file))
    return file
  } finally {
    rmSync(top, { recursive: true, force: true })
  }
}

/**
 * An RPM repository in `dir` (`baseurl=file://DIR`): the packages of `pkgs`, and repodata/
 * made by createrepo_c from scratch (a stale repodata/ is replaced).
 */
export function writeRpmRepo(dir: string, pkgs: DemoPackage[]): void {
  for (const p of pkgs) buildRpm(dir, p)
  rmSync(join(dir, 'repodata'), { recursive: true, force: true })
  execFileSync('createrepo_c', ['--quiet', '--no-database', dir], { stdio: 'pipe' })
}
