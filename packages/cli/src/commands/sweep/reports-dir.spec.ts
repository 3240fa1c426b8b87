import * as path from 'path';
import { reportsDirOf } from './sweep';

describe('where a sweep writes its report', () => {
  it('uses --reports-dir when given, reports/ for the default runs root, and <runs-dir>/reports for any other', () => {
    expect(reportsDirOf({ runsDir: '/tmp/abl', reportsDir: '/tmp/out' })).toBe('/tmp/out');
    expect(reportsDirOf({ runsDir: 'runs' })).toBe('reports');
    expect(reportsDirOf({ runsDir: path.resolve('runs') })).toBe('reports');
    expect(reportsDirOf({ runsDir: '/tmp/abl-H' })).toBe(path.join('/tmp/abl-H', 'reports'));
  });
});
