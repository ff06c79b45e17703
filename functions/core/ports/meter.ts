/** What an operator graphs: tasks by outcome, pages fetched, deliveries by outcome. */
export type MetricName = 'TasksEnded' | 'PagesFetched' | 'Deliveries';

/** Counts for the operator's dashboards (CloudWatch metrics, through Powertools, in every function). */
export interface Meter {
  count(name: MetricName, value: number, dimensions?: Record<string, string>): void;
}
