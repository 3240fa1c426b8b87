import type { Rng } from '@l2p/runtime';

/**
 * Drawing for generated data: shapes with textures on noisy backgrounds. Classes differ in shape, texture and
 * hue together, with random position, size, rotation and colour jitter, so a small CNN can learn them but a
 * single pixel statistic cannot.
 */
export const SHAPES = ['disc', 'square', 'triangle', 'cross', 'ring'] as const;
export type Shape = (typeof SHAPES)[number];
export const TEXTURES = ['solid', 'stripes', 'checker', 'dots'] as const;
export type Texture = (typeof TEXTURES)[number];

export interface ObjectSpec {
  readonly shape: Shape;
  readonly texture: Texture;
  /** Main colour; the texture's second colour is this at 45% brightness. */
  readonly colour: readonly [number, number, number];
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  /** Rotation in radians. */
  readonly angle: number;
  /** Texture period in pixels. */
  readonly period: number;
}

/** Whether shape-local coordinates (u, v), with the shape filling [−1, 1]², are inside the shape. */
export function insideShape(shape: Shape, u: number, v: number): boolean {
  switch (shape) {
    case 'disc':
      return u * u + v * v <= 1;
    case 'square':
      return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
    case 'triangle':
      return v <= 0.8 && v >= -1 + 1.8 * Math.abs(u) * 1.1;
    case 'cross':
      return (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1);
    case 'ring': {
      const r2 = u * u + v * v;
      return r2 <= 1 && r2 >= 0.36;
    }
  }
}

/** Whether a pixel at object-local pixel offsets (px, py) takes the main colour of the texture. */
export function textureMain(texture: Texture, px: number, py: number, period: number): boolean {
  switch (texture) {
    case 'solid':
      return true;
    case 'stripes':
      return Math.floor(px / (period / 2)) % 2 === 0;
    case 'checker':
      return (Math.floor(px / (period / 2)) + Math.floor(py / (period / 2))) % 2 === 0;
    case 'dots': {
      const fx = ((px % period) + period) % period - period / 2;
      const fy = ((py % period) + period) % period - period / 2;
      return fx * fx + fy * fy > (period * period) / 10;
    }
  }
}

/** HSV (hue in degrees, s and v in [0, 1]) to 0–255 RGB. */
export function hsv(hue: number, s: number, v: number): [number, number, number] {
  const h = (((hue % 360) + 360) % 360) / 60;
  const c = v * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = v - c;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** Fills an RGB canvas with a two-colour linear gradient in low-saturation colours. */
export function drawBackground(canvas: Uint8Array, width: number, height: number, rng: Rng): void {
  const a = hsv(rng.next() * 360, rng.next() * 0.35, 0.2 + rng.next() * 0.6);
  const b = hsv(rng.next() * 360, rng.next() * 0.35, 0.2 + rng.next() * 0.6);
  const angle = rng.next() * Math.PI * 2;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const span = Math.abs(dx) * width + Math.abs(dy) * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, ((x - width / 2) * dx + (y - height / 2) * dy) / span + 0.5));
      const o = (y * width + x) * 3;
      canvas[o] = a[0] + (b[0] - a[0]) * t;
      canvas[o + 1] = a[1] + (b[1] - a[1]) * t;
      canvas[o + 2] = a[2] + (b[2] - a[2]) * t;
    }
  }
}

/**
 * Draws one object into an RGB canvas; where `mask` is given, its pixels under the object are set to `label`.
 * Only the object's bounding box is visited.
 */
export function drawObject(canvas: Uint8Array, width: number, height: number, spec: ObjectSpec, mask?: Uint8Array, label = 0): void {
  const cos = Math.cos(spec.angle);
  const sin = Math.sin(spec.angle);
  const reach = spec.radius * 1.5;
  const x0 = Math.max(0, Math.floor(spec.cx - reach));
  const x1 = Math.min(width - 1, Math.ceil(spec.cx + reach));
  const y0 = Math.max(0, Math.floor(spec.cy - reach));
  const y1 = Math.min(height - 1, Math.ceil(spec.cy + reach));
  const [r, g, b] = spec.colour;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - spec.cx;
      const py = y + 0.5 - spec.cy;
      const lx = px * cos + py * sin;
      const ly = -px * sin + py * cos;
      if (!insideShape(spec.shape, lx / spec.radius, ly / spec.radius)) continue;
      const main = textureMain(spec.texture, lx + 1000 * spec.period, ly + 1000 * spec.period, spec.period);
      const k = main ? 1 : 0.45;
      const o = (y * width + x) * 3;
      canvas[o] = r * k;
      canvas[o + 1] = g * k;
      canvas[o + 2] = b * k;
      if (mask) mask[y * width + x] = label;
    }
  }
}

/** Adds uniform noise in [−amplitude, amplitude] to every value (clamped to 0–255). */
export function addNoise(canvas: Uint8Array, amplitude: number, rng: Rng): void {
  const span = 2 * amplitude + 1;
  for (let i = 0; i < canvas.length; i++) {
    const v = canvas[i] + (rng.nextUint32() % span) - amplitude;
    canvas[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/** The look of class `c` of a generated classification set: shape, texture and hue all depend on the class. */
export function classLook(c: number, classes: number): { shape: Shape; texture: Texture; hue: number } {
  return {
    shape: SHAPES[c % SHAPES.length],
    texture: TEXTURES[Math.floor(c / SHAPES.length) % TEXTURES.length],
    hue: (c * 360) / classes,
  };
}

/**
 * A hue that hints at the class without deciding it: three times in four near the class's own hue (±30°),
 * otherwise anywhere. Colour gives a small model a quick start; the rest needs shape and texture.
 */
export function classHue(rng: Rng, classHueDeg: number): number {
  return rng.bernoulli(0.75) ? classHueDeg + (rng.next() - 0.5) * 60 : rng.next() * 360;
}

/** A size×size RGB image (HWC) of class `c`: one object of the class's look on a random background. */
export function renderClassImage(rng: Rng, c: number, classes: number, size: number): Uint8Array {
  const canvas = new Uint8Array(size * size * 3);
  drawBackground(canvas, size, size, rng);
  const look = classLook(c, classes);
  const spec: ObjectSpec = {
    shape: look.shape,
    texture: look.texture,
    colour: hsv(classHue(rng, look.hue), 0.5 + rng.next() * 0.5, 0.6 + rng.next() * 0.4),
    cx: size / 2 + (rng.next() - 0.5) * size * 0.35,
    cy: size / 2 + (rng.next() - 0.5) * size * 0.35,
    radius: size * (0.22 + rng.next() * 0.2),
    angle: rng.next() * Math.PI * 2,
    period: Math.max(3, Math.round((size / 8) * (0.8 + rng.next() * 0.6))),
  };
  drawObject(canvas, size, size, spec);
  addNoise(canvas, 16, rng);
  return canvas;
}

/** A size×size grey image of class `c`: a bright textured shape on a dark noisy background (MNIST-like). */
export function renderGreyClassImage(rng: Rng, c: number, classes: number, size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  const look = classLook(c, classes);
  const level = 170 + Math.floor(rng.next() * 85);
  drawObject(rgb, size, size, {
    shape: look.shape,
    texture: look.texture,
    colour: [level, level, level],
    cx: size / 2 + (rng.next() - 0.5) * size * 0.15,
    cy: size / 2 + (rng.next() - 0.5) * size * 0.15,
    radius: size * (0.28 + rng.next() * 0.1),
    angle: (rng.next() - 0.5) * 0.6,
    period: Math.max(3, Math.round(size / 5)),
  });
  const grey = new Uint8Array(size * size);
  for (let i = 0; i < grey.length; i++) grey[i] = rgb[i * 3];
  addNoise(grey, 12, rng);
  return grey;
}
