import { Problem } from './problem'

/** The problem responses every command route may give, for the OpenAPI document. */
export const commandProblems = {
  400: Problem.describe('Malformed JSON, a body or header that does not match the schema'),
  403: Problem.describe('The actor may not do this'),
  404: Problem.describe('The plan, task or assignment does not exist'),
  409: Problem.describe('The stream moved on since If-Match, or the command conflicts with its state'),
  413: Problem.describe('Request body too large'),
  415: Problem.describe('Not application/json'),
  422: Problem.describe('The command breaks a domain rule'),
} as const

export const queryProblems = {
  400: Problem.describe('A parameter does not match the schema'),
  404: Problem.describe('Not found'),
} as const
