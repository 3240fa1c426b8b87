import yargs from 'yargs';
import { commands } from './commands';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, exitCodeFor, formatError, oneLine } from './output';
import { GlobalOptions, withGlobalOptions } from './shared-options';

class UsageError extends Error {}

/** Runs `l2p` with the given arguments and returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  let parser = withGlobalOptions(yargs(argv))
    .scriptName('l2p')
    .usage('$0 <command> [options]\n\nLearning to prune filters in CNNs (Huang et al., WACV 2018) on TensorFlow.js.')
    .env('L2P')
    .strict()
    .demandCommand(1, 'Name a command (see the list above).')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .exitProcess(false)
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .epilogue('Exit codes: 0 ok, 1 failed, 2 bad usage.')
    .fail((message, err) => {
      // yargs passes a message for usage problems (unknown options, failed .check()s) and only an error for
      // exceptions thrown by a command.
      if (message) throw new UsageError(message);
      throw err;
    });
  for (const command of commands) parser = parser.command(command) as typeof parser;
  try {
    await (parser as ReturnType<typeof withGlobalOptions<GlobalOptions>>).parseAsync();
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      // One line, like every other refusal: the message, then where to read more.
      process.stderr.write(`error: ${oneLine(err.message)} (see 'l2p --help')\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`${formatError(err)}\n`);
    return exitCodeFor(err) ?? EXIT_FAILED;
  }
}
