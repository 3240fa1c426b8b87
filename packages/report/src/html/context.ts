import { BGrid, buildGrid } from '../aggregate/b-grid';
import { ExperimentModel, RenderedChart } from '../model';
import { html, Html, raw } from './format';

/** What every section renders from: the model, its method × b grid, and the charts made for it. */
export interface PageContext {
  model: ExperimentModel;
  grid: BGrid;
  charts: RenderedChart[];
  /** "accuracy" or "mean IU", for prose. */
  metricName: string;
  /** "Accuracy (%)" or "Mean IU", for table headers. */
  metricHeader: string;
  /** "points" wording for drops. */
  pointUnit: string;
}

export function pageContext(model: ExperimentModel, charts: RenderedChart[]): PageContext {
  const iu = model.metric === 'mean-iu';
  return {
    model,
    grid: buildGrid(model),
    charts,
    metricName: iu ? 'mean IU' : 'accuracy',
    metricHeader: iu ? 'Mean IU' : 'Accuracy (%)',
    pointUnit: iu ? 'mean-IU points' : 'accuracy points',
  };
}

export function chartFigure(chart: RenderedChart): Html {
  return html`<figure class="chart" id="fig-${chart.id}" data-chart="${chart.id}">
<div class="chart-svg">${raw(chart.svg)}</div>
<figcaption><strong>${chart.title}.</strong> ${chart.caption} <a href="charts/${chart.id}.vl.json">Vega-Lite spec</a> · <a href="charts/${chart.id}.svg">SVG</a> · <a href="charts/${chart.id}.png">PNG</a></figcaption>
</figure>
`;
}

export function chartsOf(ctx: PageContext, section: RenderedChart['section']): RenderedChart[] {
  return ctx.charts.filter((c) => c.section === section);
}
