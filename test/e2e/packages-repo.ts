import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A package to build: one file, /usr/share/NAME/VERSION, holding the version. */
export interface DemoPackage {
  name: string
  version: string
}

/** Builds `NAME_VERSION_all.deb` into `dir` with dpkg-deb (on the controller) and returns its file name. */
export function buildDeb(dir: string, p: DemoPackage): string {
  const root = mkdtempSync(join(tmpdir(), 'krun-deb-'))
  try {
    mkdirSync(join(root, 'DEBIAN'))
    mkdirSync(join(root, 'usr/share', p.name), { recursive: true })
    writeFileSync(join(root, 'usr/share', p.name, 'VERSION'), `${p.version}\n`)
    writeFileSync(
      join(root, 'DEBIAN/control'),
      `Package: ${p.name}\nVersion: ${p.version}\nArchitecture: all\nMaintainer: krun tests <krun@localhost>\nDescription: krun test package ${p.version}\n`,
    )
    const file = `${p.name}_${p.version}_all.deb`
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, join(dir, file)], { stdio: 'pipe' })
    return file
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

const sha256 = (buf: Buffer): string => createHash('sha256').update(buf).digest('hex')

/**
 * A flat apt repository in `dir` (`deb [trusted=yes] file:DIR ./`): the .debs of `pkgs`, a
 * Packages index written here (the hosts may lack dpkg-scanpackages) and a Release file.
 */
export function writeRepo(dir: string, pkgs: DemoPackage[]): void {
  const stanzas = pkgs.map((p) => {
    const file = buildDeb(dir, p)
    const buf = readFileSync(join(dir, file))
    return [
      `Package: ${p.name}`, `Version: ${p.version}`, 'Architecture: all', 'Maintainer: krun tests <krun@localhost>',
      `Filename: ./${file}`, `Size: ${buf.length}`, `SHA256: ${sha256(buf)}`, `Description: krun test package ${p.version}`, '',
    ].join('\n')
  })
  writeFileSync(join(dir, 'Packages'), stanzas.join('\n'))
  const index = readFileSync(join(dir, 'Packages'))
  const date = new Date(Date.now() - 60_000).toUTCString().replace('GMT', 'UTC')
  writeFileSync(join(dir, 'Release'), `Date: ${date}\nSHA256:\n ${sha256(index)} ${statSync(join(dir, 'Packages')).size} Packages\n`)
}
