/**
 * Typed errors. Library code throws these; only the CLI's handler turns them into exit codes and messages.
 * A message names the argument or file, the rule and the offending value; `hint` says what to do about it.
 */
export class L2pError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad configuration value or command-line argument: exit code 2. */
export class ConfigError extends L2pError {}

/** A file whose contents are not in the format expected (names the file, and the record or offset). */
export class DataFormatError extends L2pError {}

/** A data root or file that is not there (says which layout was expected and how to fetch it). */
export class DataMissingError extends L2pError {}

/** A compute backend or inference engine that was asked for explicitly but cannot load. */
export class BackendUnavailableError extends L2pError {}

/** Training diverged: loss became NaN or infinite. */
export class DivergenceError extends L2pError {}
