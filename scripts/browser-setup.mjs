#!/usr/bin/env node
import { spawnSync } from 'node:child_process'
// The browser tests drive Debian's Chromium (playwright-core launches /usr/bin/chromium; it
// downloads no browser of its own). On a fresh machine or in CI, install it here — as root, with
// apt-get — before tap runs. Says what it does; a machine where it cannot install fails loudly.
import { existsSync } from 'node:fs'

export const CHROMIUM = '/usr/bin/chromium'

function run(command, args) {
  console.log(`browser setup: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (result.status !== 0) {
    console.error(`browser setup: ${command} failed (exit ${result.status ?? result.signal})`)
    process.exit(1)
  }
}

if (existsSync(CHROMIUM)) {
  const version = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' })
  console.log(`browser setup: ${version.stdout.trim() || CHROMIUM} is installed`)
} else if (process.getuid?.() !== 0) {
  console.error(
    `browser setup: ${CHROMIUM} is missing and this is not root; install Debian's chromium package`,
  )
  process.exit(1)
} else {
  console.log(`browser setup: ${CHROMIUM} is missing; installing Debian's chromium package`)
  run('apt-get', ['update', '-q'])
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'])
  console.log(`browser setup: installed ${CHROMIUM}`)
}
