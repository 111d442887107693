/**
 * `duban admin create --user NAME [--name 显示名] [--unit ID] [--role ROLE]`: the first accounts
 * of a store, made by the operator at the server's console — on the embedded log (`--data-dir`,
 * DUBAN_DATA_DIR) or on PostgreSQL (`--store-url`, DUBAN_STORE_URL). The password comes from a
 * prompt that does not echo it, or from stdin when stdin is not a terminal (`… < file`), never
 * from the command line (it would stay in the shell's history and in `ps`). The account is an
 * AccountCreated event in the log (by `console:<os user>`), its credentials in the user store.
 * Exit 0 created; 1 the account exists; 2 bad input (user id, unit, role, password, store URL).
 * Nothing is written unless every check passes.
 */
import { userInfo } from 'node:os'
import { text } from 'node:stream/consumers'
import { AccountRole, DomainError, UserId } from '@duban/domain'
import {
  Accounts,
  type Config,
  ConfigError,
  chongqingUnits,
  loadConfig,
  openLedgerAt,
  passwordProblem,
  roleLabels,
} from '@duban/runtime'
import password from '@inquirer/password'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { clockFromEnv } from '../ledger-from-env'

interface CreateFlags {
  user: string
  name?: string
  unit: string
  role: string
  storeUrl?: string
  dataDir?: string
}

/** The 市政府办公厅, where a city's supervision office and its IT staff sit. */
const DEFAULT_UNIT = 'cq-zhengfubangongting'

export function adminCommand(program: Command): void {
  const admin = program
    .command('admin')
    .description('accounts made at the server console (the first administrator)')
  admin
    .command('create')
    .description('create an account (by default an administrator); the password from a prompt or stdin')
    .requiredOption('--user <id>', 'the login name: lower-case letters, digits, ".", "_" or "-"')
    .option('--name <显示名>', 'the name shown in the pages (default: the login name)')
    .option('--unit <id>', 'the unit the account belongs to', DEFAULT_UNIT)
    .option('--role <role>', `the role: ${AccountRole.options.join(', ')}`, 'administrator')
    .option(
      '--store-url <url>',
      'the store: sqlite:path or postgres://… (default DUBAN_STORE_URL, else the data dir)',
    )
    .option('--data-dir <dir>', 'the embedded store’s directory (default DUBAN_DATA_DIR, else ./data)')
    .action(async (flags: CreateFlags, command: Command) => {
      const userId = UserId.safeParse(flags.user)
      if (!userId.success) throw new CliError(`--user ${flags.user}: ${userId.error.issues[0]?.message}`)
      const role = AccountRole.safeParse(flags.role)
      if (!role.success)
        throw new CliError(`--role ${flags.role} is no role; one of ${AccountRole.options.join(', ')}`)
      const unit = chongqingUnits().units.get(flags.unit)
      if (!unit) throw new CliError(`--unit ${flags.unit}: no such unit in the unit directory`)
      const config = storeConfig(flags)
      const secret = await readPassword(flags.user)
      const problem = passwordProblem(secret, flags.user)
      if (problem) throw new CliError(problem)

      const now = command.optsWithGlobals<{ now?: string }>().now
      let opened: Awaited<ReturnType<typeof openLedgerAt>>
      try {
        opened = await openLedgerAt(config, clockFromEnv(config, now))
      } catch (error) {
        throw new CliError(`cannot open ${config.store.display}: ${(error as Error).message}`, 1)
      }
      try {
        const accounts = new Accounts(opened.users, opened.ledger)
        await accounts.change(
          { console: userInfo().username },
          {
            command: {
              type: 'CreateAccount',
              data: {
                userId: userId.data,
                displayName: flags.name?.trim() || userId.data,
                unitId: flags.unit,
                roles: [role.data],
              },
            },
            password: secret,
          },
        )
        process.stdout.write(
          `created ${roleLabels[role.data]} ${userId.data} (${flags.name?.trim() || userId.data}, ${flags.unit}) on ${opened.display}\n`,
        )
      } catch (error) {
        if (error instanceof DomainError) throw new CliError(error.message, error.code === 'conflict' ? 1 : 2)
        throw error
      } finally {
        await opened.close()
      }
    })
}

/** The environment's configuration, with the command line's store in place of DUBAN_STORE_URL / DUBAN_DATA_DIR. */
function storeConfig(flags: CreateFlags): Config {
  try {
    return loadConfig({
      ...process.env,
      ...(flags.storeUrl !== undefined && { DUBAN_STORE_URL: flags.storeUrl }),
      ...(flags.dataDir !== undefined && { DUBAN_DATA_DIR: flags.dataDir }),
    })
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(error.message.replace('in the environment', 'of the store'))
    throw error
  }
}

/** At a terminal: asked twice, not echoed. Piped in: the first line of stdin. */
async function readPassword(userId: string): Promise<string> {
  if (!process.stdin.isTTY) return (await text(process.stdin)).split(/\r?\n/)[0] ?? ''
  const output = { output: process.stderr }
  const first = await password(
    {
      message: `password for ${userId}:`,
      // Nothing of it on the screen, not even on request.
      toggleMask: false,
      validate: (value) => passwordProblem(value, userId) ?? true,
    },
    output,
  )
  const again = await password({ message: 'the same password again:', toggleMask: false }, output)
  if (again !== first) throw new CliError('the two passwords differ')
  return first
}
