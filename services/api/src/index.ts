export { type AppDeps, dubanApp } from './app'
export { createServer } from './server'
