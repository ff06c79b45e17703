import { afterEach, describe, expect, it, vi } from 'vitest';
import { meter } from '#runtime/observability/metrics';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The EMF documents the metrics module wrote to stdout while `act` ran. */
function emitted(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  act();
  vi.restoreAllMocks();
  return lines
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('meter', () => {
  it('publishes each count at once as an EMF metric with its dimensions', () => {
    const documents = emitted(() => meter.count('TasksEnded', 1, { outcome: 'completed' }));
    expect(documents).toHaveLength(1);
    const document = documents[0] as { _aws: { CloudWatchMetrics: unknown[] } };
    expect(document).toMatchObject({ TasksEnded: 1, outcome: 'completed' });
    const directive = document._aws.CloudWatchMetrics[0];
    expect(directive).toMatchObject({
      Namespace: 'DataflowTasks',
      Dimensions: [expect.arrayContaining(['outcome'])],
      Metrics: [{ Name: 'TasksEnded', Unit: 'Count' }],
    });
  });

  it('publishes a count without dimensions', () => {
    const [document] = emitted(() => meter.count('PagesFetched', 12));
    expect(document).toMatchObject({ PagesFetched: 12 });
  });
});
