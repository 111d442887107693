export { ManualClock } from './clock'
export {
  appendDomain,
  configureUnits,
  escalation,
  notice,
  registerTask,
  reminder,
  unitKey,
  unitSecret,
  unitToken,
} from './ledger-fixture'
export {
  type RobotMessage,
  type RobotServer,
  type RobotServerOptions,
  startRobotServer,
} from './robot-server'
