import { FONT_STACK, INK, MUTED, RULE } from '../charts/theme';

/** The page's only stylesheet, inlined: a report must open from file:// with no network. */
export const CSS = `
:root { --ink: ${INK}; --muted: ${MUTED}; --rule: ${RULE}; --accent: #2f6db3; --warn-bg: #fff5e6; --warn: #9a5b00; --ok: #2d7a46; --bad: #b3261e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 15px; line-height: 1.55; color: var(--ink); background: #fff; }
.page { max-width: 1100px; margin: 0 auto; padding: 40px 32px 56px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 48px 0 10px; padding-top: 22px; border-top: 1px solid var(--rule); letter-spacing: -0.005em; }
h3 { font-size: 16px; margin: 28px 0 8px; }
p { margin: 8px 0; max-width: 78ch; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
.subtitle { color: var(--muted); font-size: 16px; margin: 0 0 20px; }
.lead { max-width: 80ch; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.banner { border: 1px solid #e8b25c; background: var(--warn-bg); color: #6b4200; padding: 10px 14px; border-radius: 6px; margin: 14px 0 18px; max-width: none; }
.card { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 14px 28px; margin: 18px 0 8px; padding: 18px 20px; background: #f7f9fb; border: 1px solid var(--rule); border-radius: 8px; }
.card div { min-width: 0; }
.card dt { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 2px; }
.card dd { margin: 0; font-size: 15px; overflow-wrap: anywhere; }
nav.toc { margin: 18px 0 0; font-size: 14px; }
nav.toc a { margin-right: 16px; white-space: nowrap; }
.table-wrap { overflow-x: auto; margin: 14px 0 6px; }
table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 12px; text-align: left; vertical-align: top; }
thead th { font-weight: 600; border-bottom: 1.5px solid var(--ink); vertical-align: bottom; line-height: 1.3; }
thead tr.group th { border-bottom: 1px solid var(--rule); text-align: center; font-weight: 600; color: var(--ink); }
tbody td, tbody th { border-bottom: 1px solid var(--rule); }
tbody th { font-weight: 600; white-space: nowrap; }
th.num, td.num { text-align: right; }
td.arrow { white-space: nowrap; text-align: right; }
.range { display: block; font-size: 11.5px; color: var(--muted); line-height: 1.3; white-space: nowrap; font-weight: 400; }
.nowrap { white-space: nowrap; }
span.line { display: block; white-space: nowrap; }
.delta { display: inline-block; min-width: 3.2em; font-size: 12px; color: var(--muted); }
.delta.up { color: var(--ok); }
.delta.down { color: var(--bad); }
table.compact { font-size: 13px; }
table.compact th, table.compact td { padding: 5px 10px; }
td.missing { color: #a3acb8; text-align: center; cursor: help; }
td.best { font-weight: 700; }
td.warn, span.warn { background: var(--warn-bg); color: var(--warn); }
tbody.paper td, tbody.paper th { color: var(--muted); font-style: italic; background: #fafbfc; }
tbody.paper tr:first-child td, tbody.paper tr:first-child th { border-top: 1.5px solid var(--rule); }
.seeds-short { color: var(--warn); font-weight: 600; }
ul.checks { list-style: none; padding: 0; margin: 10px 0; }
ul.checks li { margin: 4px 0; padding-left: 24px; position: relative; max-width: 86ch; }
ul.checks li::before { position: absolute; left: 0; font-weight: 700; }
ul.checks li.ok::before { content: "\\2713"; color: var(--ok); }
ul.checks li.warn::before { content: "!"; color: var(--warn); left: 6px; }
ul.checks li.info::before { content: "\\2022"; color: var(--muted); left: 5px; }
figure { margin: 26px 0; }
figure.chart .chart-svg { overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13.5px; color: var(--muted); margin-top: 8px; max-width: 92ch; }
figcaption strong { color: var(--ink); }
details { margin: 12px 0; }
details > summary { cursor: pointer; color: var(--accent); font-size: 14px; }
.status { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; background: #eef1f4; color: var(--muted); white-space: nowrap; }
.status.done { background: #e7f4ec; color: var(--ok); }
.status.failed { background: #fdecea; color: var(--bad); }
.status.running { background: var(--warn-bg); color: var(--warn); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; margin: 8px 0 14px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 13px; height: 13px; border-radius: 2px; border: 1px solid rgba(0,0,0,.15); }
table.examples td { text-align: center; }
table.examples img { width: 150px; height: auto; image-rendering: pixelated; display: block; border: 1px solid var(--rule); }
.note { color: var(--muted); font-style: italic; }
footer { margin-top: 56px; padding-top: 14px; border-top: 1px solid var(--rule); font-size: 12.5px; color: var(--muted); }
@media (max-width: 700px) { .page { padding: 24px 16px; } h1 { font-size: 24px; } }
@media print { .page { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } details > summary { display: none; } }
`;
