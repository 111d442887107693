export {
  ConfigError,
  loadSchedulerConfig,
  type SchedulerConfig,
  SchedulerEnvSchema,
  type SchedulerFlags,
} from './config'
export { SCHEDULER_LEADERSHIP, type ServiceOptions, serveWhileLeading } from './service'
