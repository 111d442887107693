export { entryArgs } from './entry-args'
