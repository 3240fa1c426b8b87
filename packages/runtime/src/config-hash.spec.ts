import { configHash, stableStringify } from './config-hash';

describe('configHash', () => {
  it('ignores key order and undefined fields, at every depth', () => {
    expect(configHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(configHash({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined }));
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('changes when any value changes, including array order', () => {
    const base = configHash({ b: [0.5, 1], width: 0.25 });
    expect(configHash({ b: [1, 0.5], width: 0.25 })).not.toBe(base);
    expect(configHash({ b: [0.5, 1], width: 0.5 })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });
});
