// Helpers for tests and benchmarks, exported as `@duban/read-models/testing`.

export { aTaskForYuzhong, type GivenEvent, givenLog, onAssignment } from './given-log'
export { type ProvinceLogOptions, writeProvinceLog } from './province-log'
