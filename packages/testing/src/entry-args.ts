/**
 * The `node` arguments that run a workspace entry file as its own process.
 *
 * Why: tests start the CLI, the API server, the scheduler and crash-test children as real
 * processes. Through tsx each such start transforms the whole import graph again (about 0.6 s of a
 * CLI start on this machine); the test runner bundles them once per run instead, beside the test
 * bundles, so their coverage is mapped back to the sources like the tests' own.
 */
import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Set by scripts/test.mjs: the workspace root and the directory its bundles were written to. */
const ROOT = process.env.DUBAN_TEST_ROOT
const BUNDLES = process.env.DUBAN_TEST_BUNDLES

export function entryArgs(file: string | URL): string[] {
  const source = typeof file === 'string' ? file : fileURLToPath(file)
  if (!ROOT || !BUNDLES) return ['--import', 'tsx', source]
  const bundle = `${BUNDLES}/${relative(ROOT, source).replace(/\.ts$/, '.mjs')}`
  if (!existsSync(bundle)) {
    throw new Error(
      `${relative(ROOT, source)} is started as a process but was not bundled: add it to scripts/process-entries.json`,
    )
  }
  return [bundle]
}
