/**
 * Progress for long work. On a TTY: one redrawn line with a bar, rate and ETA. Elsewhere (CI logs, files):
 * a plain line at most every `intervalMs` and one at the end, so logs stay readable.
 * Library code takes a `ProgressSink` and never writes to the terminal itself.
 */
export interface ProgressSink {
  /** Starts a task of `total` units (0 when unknown). */
  start(label: string, total: number, unit?: string): ProgressTask;
}

export interface ProgressTask {
  /** Advances by `n` units; `detail` replaces the trailing status text (e.g. "loss 0.31"). */
  tick(n?: number, detail?: string): void;
  /** Sets the trailing status text without advancing. */
  status(detail: string): void;
  done(detail?: string): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Minimum time between plain (non-TTY) lines. Default 10 s. */
  intervalMs?: number;
  now?: () => number;
  /** Force TTY (bar) or plain mode; default: the stream's own isTTY. */
  tty?: boolean;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

function formatRate(rate: number, unit: string): string {
  if (!Number.isFinite(rate)) return `? ${unit}/s`;
  return rate >= 100 ? `${rate.toFixed(0)} ${unit}/s` : `${rate.toPrecision(3)} ${unit}/s`;
}

export function createProgress(options: ProgressOptions = {}): ProgressSink {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? (() => Date.now());

  return {
    start(label, total, unit = 'it') {
      const startedAt = now();
      let count = 0;
      let detail = '';
      let lastPrinted = -Infinity;

      const line = (final: boolean): string => {
        const elapsed = (now() - startedAt) / 1000;
        const rate = elapsed > 0 ? count / elapsed : NaN;
        const parts = [label];
        if (total > 0) {
          const frac = Math.min(1, count / total);
          if (tty) {
            const width = 20;
            const filled = Math.round(frac * width);
            parts.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`);
          }
          parts.push(`${count}/${total}`, `${(frac * 100).toFixed(0)}%`);
        } else {
          parts.push(`${count}`);
        }
        parts.push(formatRate(rate, unit));
        if (final) parts.push(`in ${formatDuration(elapsed)}`);
        else if (total > 0 && count > 0) parts.push(`ETA ${formatDuration((total - count) / rate)}`);
        if (detail) parts.push(detail);
        return parts.join(' ');
      };

      const print = (final: boolean): void => {
        const text = line(final);
        if (tty) {
          const cols = stream.columns ?? 120;
          stream.write(`\r${text.slice(0, cols - 1).padEnd(Math.min(cols - 1, text.length))}\x1b[K${final ? '\n' : ''}`);
        } else {
          stream.write(`${text}\n`);
        }
        lastPrinted = now();
      };

      const maybePrint = (): void => {
        const t = now();
        if (tty ? t - lastPrinted >= 100 : t - lastPrinted >= intervalMs) print(false);
      };

      return {
        tick(n = 1, newDetail) {
          count += n;
          if (newDetail !== undefined) detail = newDetail;
          maybePrint();
        },
        status(newDetail) {
          detail = newDetail;
          maybePrint();
        },
        done(finalDetail) {
          if (finalDetail !== undefined) detail = finalDetail;
          print(true);
        },
      };
    },
  };
}

/** A sink that reports nothing: the default for library calls and tests. */
export const silentProgress: ProgressSink = {
  start: () => ({ tick: () => undefined, status: () => undefined, done: () => undefined }),
};
