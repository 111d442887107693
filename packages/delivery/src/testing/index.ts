export {
  type RobotMessage,
  type RobotServer,
  type RobotServerOptions,
  startRobotServer,
} from './robot-server'
