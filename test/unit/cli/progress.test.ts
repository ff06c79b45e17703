import { expect, it } from 'vitest';
import type { Task } from '#client/index';
import { plainProgress, progressLine } from '../../../cli/progress.ts';

const task = (fields: Partial<Task> & { records?: number }): Task => ({
  id: 'tCcB4hfFP6wvBRe2gwZv9aJp',
  type: 'extraction',
  payloadID: '9e107d9d372bb6826bd81d3542a419d6',
  storeID: 'B4hfFP6wvBRddewrfseZv9aJ',
  requests: 0,
  failedRequests: 0,
  skippedRequests: 0,
  fileSize: 0,
  status: 'running',
  createdAt: '2026-03-01T12:00:00',
  startTime: '2026-03-01T12:00:00',
  endTime: null,
  elapsed: '0',
  error: null,
  warnings: [],
  records: 0,
  ...fields,
});

it('shows status, requests, failed, records, elapsed and pages/s of an extraction', () => {
  expect(progressLine(task({ requests: 12, failedRequests: 1, records: 240, elapsed: '8' }))).toBe(
    'running  requests 12  failed 1  records 240  elapsed 8s  1.5 pages/s',
  );
  expect(progressLine(task({ status: 'queued', elapsed: null }))).toBe(
    'queued  requests 0  failed 0  records 0',
  );
});

it('leaves the page counters out of a conversion', () => {
  expect(progressLine(task({ type: 'conversion', records: 5000, elapsed: '3' }))).toBe(
    'running  records 5000  elapsed 3s',
  );
});

it('writes a plain line only when the status or a counter changed, not for a later second', () => {
  const lines: string[] = [];
  const progress = plainProgress((line) => lines.push(line));
  progress.update(task({ status: 'queued', elapsed: null }));
  progress.update(task({ elapsed: '1' }));
  progress.update(task({ elapsed: '2' }));
  progress.update(task({ requests: 4, records: 80, elapsed: '3' }));
  progress.update(task({ status: 'completed', requests: 4, records: 80, elapsed: '4' }));
  expect(lines).toEqual([
    'queued  requests 0  failed 0  records 0',
    'running  requests 0  failed 0  records 0  elapsed 1s  0.0 pages/s',
    'running  requests 4  failed 0  records 80  elapsed 3s  1.3 pages/s',
    'completed  requests 4  failed 0  records 80  elapsed 4s  1.0 pages/s',
  ]);
});
