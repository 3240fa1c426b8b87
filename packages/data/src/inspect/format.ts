import type { DataInspection } from './inspect';

/** A plain-text rendering of an inspection for the terminal. */
export function formatInspection(s: DataInspection): string {
  const lines: string[] = [];
  lines.push(`${s.root}: ${s.layout}${s.detected ? ' (detected)' : ''}`);
  const { image: im } = s;
  const size = im.minHeight === im.maxHeight && im.minWidth === im.maxWidth ? `${im.maxHeight}×${im.maxWidth}` : `${im.minHeight}–${im.maxHeight} × ${im.minWidth}–${im.maxWidth} (h × w)`;
  lines.push(`images: ${size}, ${im.channels} channel${im.channels === 1 ? '' : 's'}`);
  lines.push(`splits: ${s.splits.map((sp) => `${sp.name} ${sp.count}`).join(', ')}`);
  lines.push('');
  lines.push(`per class (${s.classCountUnit}):`);
  const nameWidth = Math.max(5, ...s.classNames.map((n) => n.length));
  const colWidth = Math.max(7, ...s.splits.map((sp) => sp.name.length + 1), ...s.splits.map((sp) => String(sp.count).length + 1));
  lines.push(`  ${'class'.padEnd(nameWidth)}${s.splits.map((sp) => sp.name.padStart(colWidth)).join('')}`);
  s.classNames.forEach((name, c) => {
    lines.push(`  ${name.padEnd(nameWidth)}${s.splits.map((sp) => String(sp.classCounts[c]).padStart(colWidth)).join('')}`);
  });
  lines.push('');
  lines.push('files:');
  for (const f of s.files) {
    const check = f.expectedMd5 === undefined ? '' : f.md5 === f.expectedMd5 ? '  (matches the published md5)' : `  (DIFFERS from the published md5 ${f.expectedMd5})`;
    const bytes = f.bytes > 0 ? `${String(f.bytes).padStart(11)} B  ` : ''.padStart(15);
    lines.push(`  ${f.md5}  ${bytes}${f.path}${check}`);
  }
  if (s.notes.length > 0) {
    lines.push('');
    for (const note of s.notes) lines.push(`note: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
