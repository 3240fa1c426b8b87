import { Writable } from 'stream';
import { createProgress, formatDuration } from './progress';

function capture(isTTY: boolean): { stream: Writable & { isTTY: boolean; columns: number }; text: () => string } {
  let buf = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        buf += chunk.toString();
        cb();
      },
    }),
    { isTTY, columns: 200 },
  );
  return { stream, text: () => buf };
}

describe('progress', () => {
  it('prints plain lines at most once per interval off a TTY, with rate and ETA, and a final line', () => {
    let t = 0;
    const out = capture(false);
    const task = createProgress({ stream: out.stream, intervalMs: 1000, now: () => t }).start('train', 100, 'img');
    for (let i = 0; i < 50; i++) {
      t += 100; // 10 img/s
      task.tick(1, `loss ${(1 / (i + 1)).toFixed(2)}`);
    }
    task.done();
    const lines = out.text().trim().split('\n');
    expect(lines.length).toBe(6); // ticks at t=100 (first), then every 1000 ms up to 5000 → 5 lines + final
    expect(lines[2]).toMatch(/^train 21\/100 21% 10\.0 img\/s ETA 8s loss 0\.05$/);
    expect(lines[lines.length - 1]).toMatch(/^train 50\/100 50% 10\.0 img\/s in 5s/);
    expect(out.text()).not.toContain('\r');
  });

  it('redraws one line with a bar on a TTY', () => {
    let t = 0;
    const out = capture(true);
    const task = createProgress({ stream: out.stream, now: () => t }).start('prune', 4);
    t = 1000;
    task.tick(2);
    task.done();
    expect(out.text()).toContain('\r');
    expect(out.text()).toMatch(/\[##########\.{10}\] 2\/4 50%/);
    expect(out.text().endsWith('\n')).toBe(true);
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3700)).toBe('1h01m');
    expect(formatDuration(Infinity)).toBe('?');
  });
});
