import * as path from 'path';
import { generateReport } from '@l2p/report';

/** Generates reports/<experiment>/index.html from runs/<experiment>/ (and refreshes the reports index); returns the page. */
export async function generateExperimentReport(expDir: string, outDir: string): Promise<string> {
  const report = await generateReport(path.resolve(expDir), path.resolve(outDir));
  return report.indexHtml;
}
