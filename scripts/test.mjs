#!/usr/bin/env node
// The test suite as one command. At the root (`pnpm test`): type-check, lint, every tap test, and
// coverage per package checked against scripts/coverage-thresholds.json. In a package
// (`pnpm test` there runs this script with the package as its working directory): that package's
// tests and its coverage. Arguments: paths (test files or directories) narrow the run; flags go to tap.
//
// Test files are bundled to JavaScript first (scripts/test-bundles.mjs), so no test process loads a
// TypeScript loader. tap's own summary is an object literal, not a line CI reads, so this script
// condenses tap's output to one line per test file (plus every failure in full) and closes with
// the plain `N passed, N failed` line.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { checkCoverage, coverageByMember, printCoverage, thresholdsOf } from './coverage.mjs'
import { bundleTests } from './test-bundles.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = (name) => join(root, 'node_modules/.bin', name)
// Per run, so two runs in one checkout (a package's tests beside the whole suite) never share files.
const runDir = join(root, '.tap', `run-${process.pid}`)
const bundleDir = join(runDir, 'bundles')
const coverageDir = join(runDir, 'v8-coverage')
const results = { passed: 0, failed: 0, skipped: 0 }

// Files tests start as processes of their own (through `entryArgs` of @duban/testing): bundled with
// the test files, so they start without a TypeScript loader and their coverage counts.
const processEntries = JSON.parse(readFileSync(join(root, 'scripts/process-entries.json'), 'utf8')).map(
  (entry) => join(root, entry),
)

// --record-coverage raises the thresholds to this run's figures (rounded down) when none fell short.
const recordCoverage = process.argv.includes('--record-coverage')
const tapFlags = process.argv.slice(2).filter((arg) => arg.startsWith('-') && arg !== '--record-coverage')
const paths = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const selected = (paths.length > 0 ? paths : [process.cwd()]).map((path) => resolve(path))
const wholeSuite = paths.length === 0 && resolve(process.cwd()) === resolve(root)

function testFiles(path) {
  if (statSync(path).isFile()) return [path]
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => {
      const parts = relative(root, file).split(sep)
      return !parts.includes('node_modules') && !parts.includes('.tap') && parts[0] !== 'scripts'
    })
}

function check(label, command, args) {
  process.stdout.write(`${label} … `)
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8' })
  if (run.status === 0) {
    process.stdout.write('ok\n')
    results.passed += 1
  } else {
    process.stdout.write('FAILED\n')
    process.stdout.write(run.stdout + run.stderr)
    results.failed += 1
  }
}

const sourceName = (line) => line.replace(/\.tap\/run-\d+\/bundles\/(\S+)\.mjs/g, (_, path) => `${path}.ts`)

function runTap(files) {
  return new Promise((resolveRun) => {
    const tap = spawn(bin('tap'), ['--reporter=tap', ...tapFlags, ...files.map((f) => relative(root, f))], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        NODE_V8_COVERAGE: coverageDir,
        DUBAN_TEST_ROOT: root,
        DUBAN_TEST_BUNDLES: bundleDir,
      },
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
      if (inFailure || fileResult || skipped) console.log(sourceName(line))
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
      resolveRun(code)
    })
  })
}

const files = [...new Set(selected.flatMap(testFiles))].sort()
if (wholeSuite) {
  check('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])
  check('lint', bin('biome'), ['check', '.'])
}
// The browser tests drive Debian's Chromium: install it first on a fresh machine (prints what it does).
if (files.some((file) => relative(root, file).startsWith(join('test', 'browser')))) {
  const setup = spawnSync(process.execPath, [join(root, 'scripts/browser-setup.mjs')], { stdio: 'inherit' })
  if (setup.status !== 0) results.failed += 1
}

let tapCode = 1
if (files.length === 0) {
  console.log(`no test files under ${selected.map((path) => relative(root, path) || '.').join(', ')}`)
  results.failed += 1
} else {
  const started = performance.now()
  process.stdout.write(`bundle ${files.length} test files … `)
  const bundles = await bundleTests(root, files, bundleDir, processEntries)
  console.log(`ok (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  process.on('exit', () => rmSync(runDir, { recursive: true, force: true }))
  tapCode = await runTap(bundles)
  if (existsSync(coverageDir)) {
    const coverage = coverageByMember(root, coverageDir, files)
    printCoverage(coverage, wholeSuite)
    const thresholdsFile = join(root, 'scripts/coverage-thresholds.json')
    if (wholeSuite) {
      const thresholds = JSON.parse(readFileSync(thresholdsFile, 'utf8'))
      // Recording only raises: a package below its thresholds fails the run either way, and a
      // package without an entry gets one.
      const shortfalls = checkCoverage(coverage, thresholds).filter(
        (shortfall) =>
          !(recordCoverage && shortfall.endsWith('has no entry in scripts/coverage-thresholds.json')),
      )
      for (const shortfall of shortfalls) console.log(`coverage below its threshold: ${shortfall}`)
      if (shortfalls.length > 0) results.failed += 1
      else results.passed += 1
      if (recordCoverage && shortfalls.length === 0) {
        writeFileSync(
          thresholdsFile,
          `${JSON.stringify({ ...thresholds, ...thresholdsOf(coverage) }, null, 2)}\n`,
        )
        console.log(`coverage thresholds raised to this run's figures in ${relative(root, thresholdsFile)}`)
      }
    }
  }
}

const skipped = results.skipped ? `, ${results.skipped} skipped` : ''
console.log(`${results.passed} passed, ${results.failed} failed${skipped}`)
process.exit(results.failed === 0 && tapCode === 0 ? 0 : 1)
