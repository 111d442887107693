#!/usr/bin/env node
// The whole test suite, as one command: type-check, lint, then every tap test.
// tap's own summary is an object literal, not a line CI reads, so this script
// condenses tap's output to one line per test file (plus every failure in full)
// and closes with the plain `N passed, N failed` line.
import { spawn, spawnSync } from 'node:child_process'
import { createInterface } from 'node:readline'

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname
const results = { passed: 0, failed: 0, skipped: 0 }

function check(label, command, args) {
  process.stdout.write(`${label} … `)
  const run = spawnSync(command, args, { encoding: 'utf8' })
  if (run.status === 0) {
    process.stdout.write('ok\n')
    results.passed += 1
  } else {
    process.stdout.write('FAILED\n')
    process.stdout.write(run.stdout + run.stderr)
    results.failed += 1
  }
}

function runTap(extraArgs) {
  return new Promise((resolve) => {
    const tap = spawn(bin('tap'), ['--reporter=tap', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FORCE_COLOR: '0' },
    })
    let inFailure = false
    let summary
    const lines = createInterface({ input: tap.stdout })
    lines.on('line', (line) => {
      const counts = /^# \{ total: (\d+)(.*)\}$/.exec(line)
      if (counts) summary = line
      // A failure is shown with its diagnostics (the indented YAML block that follows it).
      if (/^\s*not ok \d+/.test(line)) inFailure = true
      else if (inFailure && /^\s*(ok|not ok) \d+|^\s*# Subtest/.test(line)) inFailure = false
      const fileResult = /^(not )?ok \d+ - /.test(line)
      const skipped = /# SKIP/.test(line)
      if (inFailure || fileResult || skipped) console.log(line)
    })
    tap.on('close', (code) => {
      if (summary) {
        const get = (key) => Number(new RegExp(`${key}: (\\d+)`).exec(summary)?.[1] ?? 0)
        results.passed += get('pass')
        results.failed += get('fail')
        results.skipped += get('skip') + get('todo')
        console.log(summary)
      } else {
        results.failed += 1
        console.log(`tap exited with code ${code} and printed no summary`)
      }
      resolve(code)
    })
  })
}

// tap compiles its plugin set (here: tsx instead of ts-node) into node_modules; a fresh install
// ships the default set, so build it before the first run.
check('tap plugins', bin('tap'), ['build'])
check('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])
check('lint', bin('biome'), ['check', '.'])
// The browser tests drive Debian's Chromium: install it first on a fresh machine (prints what it does).
if (
  spawnSync(process.execPath, [new URL('./browser-setup.mjs', import.meta.url).pathname], {
    stdio: 'inherit',
  }).status !== 0
)
  results.failed += 1
const tapCode = await runTap(process.argv.slice(2))

const skipped = results.skipped ? `, ${results.skipped} skipped` : ''
console.log(`${results.passed} passed, ${results.failed} failed${skipped}`)
process.exit(results.failed === 0 && tapCode === 0 ? 0 : 1)
