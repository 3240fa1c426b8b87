import { ConfigError, type Rng } from '@l2p/runtime';
import { VOC_CLASSES, VOC_VOID } from '../voc/layout';
import { addNoise, classHue, classLook, drawBackground, drawObject, hsv } from './draw';

/** VOC's object classes (1–20); class 0 is background. */
export const VOC_OBJECT_CLASSES = VOC_CLASSES - 1;

/** How the objects of one generated VOC scene are drawn. */
export interface VocSceneOptions {
  /** Objects are of VOC classes 1…classes (the first `classes` of VOC's 20 object classes). */
  readonly classes: number;
  /** Objects per scene, 1 to maxObjects. */
  readonly maxObjects: number;
  /** Object radii are drawn uniformly from [minRadius, maxRadius], as fractions of the scene's shorter side. */
  readonly minRadius: number;
  readonly maxRadius: number;
}

/**
 * The defaults draw the scenes this generator always drew: any of the 20 classes, 1–3 objects of radius 0.14–0.30.
 * Paper note: the paper prunes FCN-32s on Pascal VOC and says nothing of a synthetic stand-in. FCN-32s scores a
 * 64-px scene on a 2×2 grid, so in a run of a minute or two it only learns objects that fill much of the scene:
 * the voc-fcn smoke configuration asks for 1–2 objects of 3 classes with radii 0.30–0.45 (with these defaults,
 * fcn32s-bn on 200 scenes for 5 epochs still predicted background only).
 */
export const VOC_SCENE_DEFAULTS: VocSceneOptions = { classes: VOC_OBJECT_CLASSES, maxObjects: 3, minRadius: 0.14, maxRadius: 0.3 };

/**
 * Every broken rule of a (partial) scene option set, with its defaults filled in; empty when it is valid. Shared by
 * the generator (which throws them) and the experiment schema (which reports them at dataset.scenes).
 */
export function vocSceneProblems(options: Partial<VocSceneOptions>): string[] {
  const o = withDefaults(options);
  const problems: string[] = [];
  if (!Number.isInteger(o.classes) || o.classes < 1 || o.classes > VOC_OBJECT_CLASSES) {
    problems.push(`classes must be an integer in [1, ${VOC_OBJECT_CLASSES}] (VOC's object classes), got ${o.classes}`);
  }
  if (!Number.isInteger(o.maxObjects) || o.maxObjects < 1) problems.push(`maxObjects must be a positive integer, got ${o.maxObjects}`);
  if (!(o.minRadius > 0 && o.minRadius <= o.maxRadius && o.maxRadius <= 1)) {
    problems.push(`object radii need 0 < minRadius ≤ maxRadius ≤ 1 (fractions of the shorter side), got ${o.minRadius} and ${o.maxRadius}`);
  }
  return problems;
}

/** The full option set (defaults filled in), or a ConfigError listing every broken rule. */
export function resolveVocScene(options: Partial<VocSceneOptions>): VocSceneOptions {
  const problems = vocSceneProblems(options);
  if (problems.length > 0) throw new ConfigError(`generated VOC scenes: ${problems.join('; ')}`);
  const o = withDefaults(options);
  return { classes: o.classes, maxObjects: o.maxObjects, minRadius: o.minRadius, maxRadius: o.maxRadius };
}

/** The defaults under the given keys; a key given as undefined takes its default (callers pass optional fields through). */
function withDefaults(options: Partial<VocSceneOptions>): VocSceneOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...VOC_SCENE_DEFAULTS, ...given };
}

export interface GeneratedScene {
  readonly width: number;
  readonly height: number;
  readonly image: Uint8Array;
  readonly label: Uint8Array;
}

/**
 * A scene of 1–maxObjects objects of classes 1–`classes` (shape, texture and hue from the class) on a background
 * (class 0), with the matching mask. As in VOC, a 1-pixel band along each object's outline is void (255). Hues
 * are spread over the classes drawn, so a few classes are as far apart in colour as the set allows.
 */
export function renderScene(rng: Rng, width: number, height: number, options: VocSceneOptions = VOC_SCENE_DEFAULTS): GeneratedScene {
  const image = new Uint8Array(width * height * 3);
  const label = new Uint8Array(width * height);
  drawBackground(image, width, height, rng);
  const objects = 1 + rng.int(options.maxObjects);
  const side = Math.min(width, height);
  for (let k = 0; k < objects; k++) {
    const cls = 1 + rng.int(options.classes);
    const look = classLook(cls - 1, options.classes);
    drawObject(
      image,
      width,
      height,
      {
        shape: look.shape,
        texture: look.texture,
        colour: hsv(classHue(rng, look.hue), 0.55 + rng.next() * 0.45, 0.65 + rng.next() * 0.35),
        cx: rng.next() * width,
        cy: rng.next() * height,
        radius: side * (options.minRadius + rng.next() * (options.maxRadius - options.minRadius)),
        angle: rng.next() * Math.PI * 2,
        period: Math.max(4, Math.round(side / 10)),
      },
      label,
      cls,
    );
  }
  markOutlinesVoid(label, width, height);
  addNoise(image, 8, rng);
  return { width, height, image, label };
}

/** Sets to void every object pixel with a 4-neighbour of another label (VOC's border band, 1 pixel wide here). */
function markOutlinesVoid(label: Uint8Array, width: number, height: number): void {
  const outline = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = label[i];
      if (v === 0) continue;
      if ((x > 0 && label[i - 1] !== v) || (x + 1 < width && label[i + 1] !== v) || (y > 0 && label[i - width] !== v) || (y + 1 < height && label[i + width] !== v)) {
        outline[i] = 1;
      }
    }
  }
  for (let i = 0; i < outline.length; i++) if (outline[i]) label[i] = VOC_VOID;
}
