// The worker thread's entry (piscina loads it; see compose-off-thread.ts): plain JavaScript, so it
// starts whatever loaded the parent — tsx (`pnpm start`) or a test bundle with no TypeScript
// loader — and registers tsx's loader before it imports the TypeScript composer.
const { register } = await import('tsx/esm/api')
register()
const { default: compose } = await import('./compose-worker.ts')
export default compose
