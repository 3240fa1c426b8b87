import { ConfigError } from './errors';
import { defineRegistry } from './registry';

describe('defineRegistry', () => {
  const things = defineRegistry('thing', [{ name: 'b', n: 1 }, { name: 'a', n: 2 }]);

  it('keeps the listed order and finds records by name', () => {
    expect(things.names()).toEqual(['b', 'a']);
    expect(things.all().map((t) => t.n)).toEqual([1, 2]);
    expect(things.get('a').n).toBe(2);
    expect([things.has('a'), things.has('c')]).toEqual([true, false]);
  });

  it('throws on a duplicate name at definition, and a ConfigError naming the choices on an unknown one', () => {
    expect(() => defineRegistry('thing', [{ name: 'a' }, { name: 'a' }])).toThrow("thing registry: duplicate name 'a'");
    expect(() => things.get('c')).toThrow(ConfigError);
    expect(() => things.get('c')).toThrow("unknown thing 'c'; choose one of: b, a");
  });
});
