// Loaded first by every test process tap starts (the root package.json's tap "node-arg").
// `pnpm test` runs tests bundled to plain JavaScript (scripts/test-bundles.mjs): they start
// without any TypeScript loader, which is most of a test file's start-up. A TypeScript file run by
// hand (`node_modules/.bin/tap path/to/file.test.ts`) gets tsx's loader, as `node --import tsx` would.
if (/\.[cm]?tsx?$/.test(process.argv[1] ?? '')) await import('tsx')
