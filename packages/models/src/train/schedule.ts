import { ConfigError } from '@l2p/runtime';

export const SCHEDULE_KINDS = ['constant', 'step', 'cosine'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Learning-rate schedules, evaluated once per epoch (as PyTorch's MultiStepLR / CosineAnnealingLR stepped per epoch). */
export type LrSchedule =
  | { kind: 'constant' }
  /** lr · gamma^(number of milestones ≤ epoch), epochs counted from 0. */
  | { kind: 'step'; milestones: number[]; gamma: number }
  /** minLr + (lr − minLr)·(1 + cos(π·epoch/epochs))/2; minLr defaults to 0. */
  | { kind: 'cosine'; minLr?: number };

export function learningRateAt(schedule: LrSchedule, baseLr: number, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * schedule.gamma ** schedule.milestones.filter((m) => m <= epoch).length;
    case 'cosine': {
      const min = schedule.minLr ?? 0;
      return min + ((baseLr - min) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
    }
  }
}

export function checkSchedule(schedule: LrSchedule): void {
  if (!(SCHEDULE_KINDS as readonly string[]).includes(schedule.kind)) {
    throw new ConfigError(`schedule kind must be one of ${SCHEDULE_KINDS.join(', ')}, got '${schedule.kind}'`);
  }
  if (schedule.kind === 'step') {
    if (!(schedule.gamma > 0)) throw new ConfigError(`step schedule gamma must be positive, got ${schedule.gamma}`);
    if (schedule.milestones.some((m) => !Number.isInteger(m) || m < 0)) {
      throw new ConfigError(`step schedule milestones must be epoch indices ≥ 0, got [${schedule.milestones.join(', ')}]`);
    }
  }
}
