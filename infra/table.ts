import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * The key layout the repositories in `functions/core` depend on (`dynamodb-task-repository.ts`):
 * items by `pk`/`sk`; tasks listed by account and creation time, with or without a status.
 */
export const TABLE_LAYOUT = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    byCreation: { partitionKey: 'account', sortKey: 'createdKey' },
    byStatus: { partitionKey: 'accountStatus', sortKey: 'createdKey' },
  },
  timeToLive: 'ttl',
} as const;

export interface TasksTableProps {
  /** Keep the table (and its data) when the stack is deleted. */
  retain: boolean;
}

/** Tasks, API keys and webhooks in one on-demand table, with point-in-time recovery. */
export class TasksTable extends Table {
  constructor(scope: Construct, id: string, props: TasksTableProps) {
    super(scope, id, {
      partitionKey: { name: TABLE_LAYOUT.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_LAYOUT.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Items that carry `ttl` (epoch seconds) expire: the webhook delivery log.
      timeToLiveAttribute: TABLE_LAYOUT.timeToLive,
    });
    for (const [indexName, keys] of Object.entries(TABLE_LAYOUT.indexes)) {
      this.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
