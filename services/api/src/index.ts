export { type AppDeps, dubanApp } from './app'
export { clientErrorHandler } from './http/client-errors'
export { createServer } from './server'
