// Coverage per workspace member (packages/*, services/*), from the V8 coverage every test process
// (and every process a test starts) writes to NODE_V8_COVERAGE. c8 maps the bundles back to the
// TypeScript sources through their source maps; this module sums its per-file summary by member and
// checks it against the thresholds (scripts/coverage-thresholds.json), which only ever go up.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'

const METRICS = ['lines', 'branches', 'functions']

const isSource = (path) =>
  /\.ts$/.test(path) && !/\.test\.ts$/.test(path) && !path.split(sep).includes('node_modules')

/** The member (`packages/x` or `services/x`) a source file belongs to, if any. */
function memberOf(root, file) {
  const [parent, name, src] = relative(root, file).split(sep)
  return (parent === 'packages' || parent === 'services') && src === 'src' ? `${parent}/${name}` : undefined
}

function sourcesOf(root, member) {
  return readdirSync(join(root, member, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && isSource(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

/**
 * Coverage by member: lines, branches and functions as { covered, total }, and the source files no
 * test loaded (they count in no percentage, so their number is checked on its own). Only members
 * that `testFiles` belong to, or every member when the tests span the workspace.
 */
export function coverageByMember(root, coverageDir, testFiles) {
  const reportDir = mkdtempSync(join(tmpdir(), 'duban-coverage-'))
  try {
    const c8 = spawnSync(
      join(root, 'node_modules/.bin/c8'),
      [
        'report',
        `--temp-directory=${coverageDir}`,
        `--report-dir=${reportDir}`,
        '--reporter=json-summary',
        `--include=${relative(root, coverageDir).replace(/v8-coverage$/, 'bundles')}/**`,
        '--include=packages/*/src/**',
        '--include=services/*/src/**',
        '--exclude=**/node_modules/**',
      ],
      { cwd: root, encoding: 'utf8' },
    )
    if (c8.status !== 0) throw new Error(`c8 report failed: ${c8.stderr}`)
    const summary = JSON.parse(readFileSync(join(reportDir, 'coverage-summary.json'), 'utf8'))
    const testedMembers = new Set(testFiles.map((file) => memberOf(root, file)))
    const members = new Map()
    for (const parent of ['packages', 'services']) {
      for (const name of readdirSync(join(root, parent))) {
        const member = `${parent}/${name}`
        if (testedMembers.has(undefined) || testedMembers.has(member)) {
          members.set(member, {
            ...Object.fromEntries(METRICS.map((metric) => [metric, { covered: 0, total: 0 }])),
            unloaded: new Set(sourcesOf(root, member)),
          })
        }
      }
    }
    for (const [file, figures] of Object.entries(summary)) {
      if (file === 'total' || !isSource(file)) continue
      const entry = members.get(memberOf(root, file))
      if (!entry) continue
      entry.unloaded.delete(file)
      for (const metric of METRICS) {
        entry[metric].covered += figures[metric].covered
        entry[metric].total += figures[metric].total
      }
    }
    return members
  } finally {
    rmSync(reportDir, { recursive: true, force: true })
  }
}

const percent = ({ covered, total }) => (total === 0 ? 100 : (100 * covered) / total)

export function printCoverage(members, wholeSuite) {
  console.log(
    wholeSuite
      ? 'coverage by package (the whole suite; files no test loads are counted apart):'
      : "coverage (this run's tests only; thresholds apply to the whole suite):",
  )
  const rows = [['package', ...METRICS, 'files not loaded']]
  for (const [member, entry] of members) {
    rows.push([
      member,
      ...METRICS.map((metric) => (entry[metric].total === 0 ? '-' : `${percent(entry[metric]).toFixed(1)}%`)),
      `${entry.unloaded.size}`,
    ])
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  for (const row of rows)
    console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`)
}

/**
 * What falls short of `thresholds` ({ member: { lines, branches, functions: minimum percent,
 * unloaded: maximum count } }); a member without thresholds is a shortfall too, so a new package
 * gets its figures written down.
 */
export function checkCoverage(members, thresholds) {
  const shortfalls = []
  for (const [member, entry] of members) {
    const minimum = thresholds[member]
    if (!minimum) {
      shortfalls.push(`${member} has no entry in scripts/coverage-thresholds.json`)
      continue
    }
    for (const metric of METRICS) {
      const actual = percent(entry[metric])
      if (actual < minimum[metric]) {
        shortfalls.push(`${member} ${metric} ${actual.toFixed(1)}% < ${minimum[metric]}%`)
      }
    }
    if (entry.unloaded.size > minimum.unloaded) {
      const files = [...entry.unloaded].map((file) => file.slice(file.indexOf(`${member}/src/`)))
      shortfalls.push(
        `${member}: ${entry.unloaded.size} files no test loads (at most ${minimum.unloaded}): ${files.join(', ')}`,
      )
    }
  }
  return shortfalls
}

/**
 * Thresholds at this run's level: each percentage rounded down to a whole percent, so that a run
 * whose timing takes a slightly different path does not fail on a tenth.
 */
export function thresholdsOf(members) {
  return Object.fromEntries(
    [...members].map(([member, entry]) => [
      member,
      {
        ...Object.fromEntries(METRICS.map((metric) => [metric, Math.floor(percent(entry[metric]))])),
        unloaded: entry.unloaded.size,
      },
    ]),
  )
}
