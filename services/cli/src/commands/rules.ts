/** `duban rules`: the rule book (every rule, its parameter, default and proving tests) as Markdown. */
import { renderRuleBook } from '@duban/scheduling'
import type { Command } from 'commander'

export function rulesCommand(program: Command): void {
  program
    .command('rules')
    .description('print the rule book: every accountability rule with its parameter, default and tests')
    .action(() => {
      process.stdout.write(renderRuleBook())
    })
}
