// Loaded first by every test process tap starts (the root package.json's tap "node-arg").
//
// TypeScript: `pnpm test` runs tests bundled to plain JavaScript (scripts/test-bundles.mjs), which
// start without any TypeScript loader, most of a test file's start-up. A TypeScript file run by hand
// (`node_modules/.bin/tap path/to/file.test.ts`) gets tsx's loader, as `node --import tsx` would.
//
// Coverage: V8 writes this process's coverage to NODE_V8_COVERAGE (scripts/coverage.mjs reads it).
// The processes a test starts (the CLI, API and scheduler run as real processes) do not inherit it:
// writing and mapping the coverage of every such process made them several times slower.
// DUBAN_COVERAGE_OF_CHILDREN=1 keeps it for them too.
if (/\.[cm]?tsx?$/.test(process.argv[1] ?? '')) await import('tsx')
if (process.env.DUBAN_COVERAGE_OF_CHILDREN !== '1') delete process.env.NODE_V8_COVERAGE
