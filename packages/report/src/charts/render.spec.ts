import { renderSvg, scopeSvgIds, svgToPng } from './render';

describe('scopeSvgIds', () => {
  it('renames ids in order of appearance and every reference to them', () => {
    const svg = '<svg><defs><clipPath id="clip12"><rect/></clipPath><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip12)"><path fill="url(#gradient_3)"/><use href="#clip12"/></g></svg>';
    expect(scopeSvgIds(svg, 'c')).toBe(
      '<svg><defs><clipPath id="c-1"><rect/></clipPath><linearGradient id="c-2"/></defs><g clip-path="url(#c-1)"><path fill="url(#c-2)"/><use href="#c-1"/></g></svg>',
    );
  });

  it('does not touch an id that is a prefix of another', () => {
    const svg = '<g id="clip1"/><g id="clip10"/><g clip-path="url(#clip10)"/><g clip-path="url(#clip1)"/>';
    expect(scopeSvgIds(svg, 'p')).toBe('<g id="p-1"/><g id="p-2"/><g clip-path="url(#p-2)"/><g clip-path="url(#p-1)"/>');
  });
});

describe('renderSvg', () => {
  // A faceted chart makes vega emit clip paths, whose ids come from a process-wide counter.
  const spec = {
    data: { values: [1, 2, 3, 4].map((i) => ({ panel: i % 2 ? 'odd' : 'even', x: i, y: i * i })) },
    facet: { field: 'panel', type: 'nominal' },
    spec: { width: 120, height: 80, mark: { type: 'line', clip: true }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
  };

  it('renders a vega-lite spec to SVG in Node, the same bytes every time', async () => {
    const first = await renderSvg(spec, 'test');
    const second = await renderSvg(spec, 'test');
    expect(first.startsWith('<svg')).toBe(true);
    expect(first).toMatch(/id="test-1"/);
    expect((first.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(second).toBe(first);
  });

  it('rasterises an SVG to PNG with resvg', async () => {
    const png = svgToPng(await renderSvg(spec, 'png'), 1);
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(1000);
  });
});
