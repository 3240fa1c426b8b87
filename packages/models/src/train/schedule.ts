import { z } from 'zod';

export const SCHEDULE_KINDS = ['constant', 'step', 'cosine'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/**
 * Learning-rate schedules, evaluated once per epoch (as PyTorch's MultiStepLR / CosineAnnealingLR stepped per
 * epoch). The schema is the type: LrSchedule is inferred from it. Tagged by `kind`; each kind has only its own keys.
 */
export const lrScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal(SCHEDULE_KINDS[0]) }).strict(),
  /** lr · gamma^(number of milestones ≤ epoch), epochs counted from 0. */
  z.object({ kind: z.literal(SCHEDULE_KINDS[1]), milestones: z.array(z.number().int().nonnegative()), gamma: z.number().positive() }).strict(),
  /** minLr + (lr − minLr)·(1 + cos(π·epoch/epochs))/2; minLr defaults to 0. */
  z.object({ kind: z.literal(SCHEDULE_KINDS[2]), minLr: z.number().nonnegative().optional() }).strict(),
]);
export type LrSchedule = z.infer<typeof lrScheduleSchema>;

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
