// Loaded first by every test process tap starts (the root package.json's tap "node-arg").
//
// TypeScript: `pnpm test` runs tests bundled to plain JavaScript (scripts/test-bundles.mjs), which
// start without any TypeScript loader, most of a test file's start-up. A TypeScript file run by hand
// (`node_modules/.bin/tap path/to/file.test.ts`) gets tsx's loader, as `node --import tsx` would.
//
// Coverage: V8 writes this process's coverage to NODE_V8_COVERAGE (scripts/coverage.mjs reads it),
// and so do the processes a test starts from bundled entries (`entryArgs` of @duban/testing).
if (/\.[cm]?tsx?$/.test(process.argv[1] ?? '')) await import('tsx')
