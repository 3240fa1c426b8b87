/** Leveled logging to stderr (stdout is kept for a command's actual output, so it can be piped). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(level: LogLevel = 'info', stream: NodeJS.WritableStream = process.stderr): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (at: LogLevel, message: string): void => {
    if (LOG_LEVELS.indexOf(at) >= threshold) stream.write(`${at === 'info' ? '' : `${at}: `}${message}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
}

export const silentLogger: Logger = createLogger('silent');
