import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Meter } from '#core/ports/meter';

/** The service's metrics (EMF on stdout, which CloudWatch turns into metrics): step functions only. */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DataflowTasks',
});

/** Each count is published at once with its own dimensions, so a handler needs no flush. */
export const meter: Meter = {
  count(name, value, dimensions = {}) {
    const single = metrics.singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    single.addMetric(name, MetricUnit.Count, value);
  },
};
