import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import { TasksApi } from './api.ts';
import { TaskBucket } from './bucket.ts';
import { readSettings, type StackSettings } from './config.ts';
import { CursorKey } from './cursor-key.ts';
import { EVENT_STEPS, useDeliveries, WebhookDeliveries } from './deliveries.ts';
import type { ServiceFunction } from './function.ts';
import { TaskLifecycle } from './lifecycle.ts';
import { ENDPOINTS } from './routes.ts';
import { TasksTable } from './table.ts';

/** Feature flags this stack relies on, set on the stack so any app (CLI, tests, local) gets them. */
const FEATURE_FLAGS = {
  // Log delivery to the access log bucket by bucket policy: ACLs are disabled on new buckets.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

export interface TasksStackProps extends StackProps {
  /** Overrides context and environment (see `config.ts`). */
  settings?: Partial<StackSettings>;
}

/** The whole service: HTTP API, one function per endpoint, the task lifecycle, table and store. */
export class TasksStack extends Stack {
  readonly settings: StackSettings;
  readonly table: TasksTable;
  readonly store: TaskBucket;
  readonly lifecycle: TaskLifecycle;
  readonly api: TasksApi;
  readonly deliveries: WebhookDeliveries;
  readonly cursorKey: CursorKey;
  /** Every function of the stack by construct id: the endpoints' (`RunTask`), the steps' (`StartTaskStep`), ExportFormat, Console. */
  readonly functions: ReadonlyMap<string, ServiceFunction>;

  constructor(scope: Construct, id: string, props: TasksStackProps = {}) {
    super(scope, id, {
      description: 'Dataflow Tasks: web data extraction and file conversion as tasks',
      ...props,
    });
    for (const [flag, value] of Object.entries(FEATURE_FLAGS)) this.node.setContext(flag, value);
    const settings = readSettings(this, props.settings);
    this.settings = settings;

    this.table = new TasksTable(this, 'Tasks', { retain: settings.retainData });
    this.store = new TaskBucket(this, 'Store', {
      expiryDays: settings.expiryDays,
      retain: settings.retainData,
    });
    this.cursorKey = new CursorKey(this, 'CursorKey');
    this.lifecycle = new TaskLifecycle(this, 'TaskLifecycle', {
      table: this.table,
      bucket: this.store.bucket,
      logRetentionDays: settings.logRetentionDays,
    });
    this.api = new TasksApi(this, 'Api', {
      endpoints: ENDPOINTS,
      table: this.table,
      bucket: this.store.bucket,
      lifecycle: this.lifecycle.stateMachine,
      cursorKey: this.cursorKey,
      throttle: { rateLimit: settings.throttleRate, burstLimit: settings.throttleBurst },
      linkTtlSeconds: settings.linkTtlSeconds,
      logRetentionDays: settings.logRetentionDays,
    });

    // Webhooks: the functions that commit a transition announce it by starting deliveries.
    this.deliveries = new WebhookDeliveries(this, 'WebhookDeliveries', {
      table: this.table,
      logRetentionDays: settings.logRetentionDays,
    });
    for (const endpoint of ENDPOINTS.filter((e) => e.emitsEvents)) {
      const fn = this.api.functions.get(endpoint.id);
      if (fn) useDeliveries(fn, this.deliveries.stateMachine);
    }
    for (const key of EVENT_STEPS) useDeliveries(this.lifecycle.steps[key], this.deliveries.stateMachine);

    const steps = [
      ...Object.values(this.lifecycle.steps),
      ...Object.values(this.deliveries.steps),
      this.api.exporter,
      this.api.console,
    ].map((fn) => [fn.node.id, fn] as const);
    this.functions = new Map([...this.api.functions, ...steps]);
    new Alarms(this, 'Alarms', {
      functions: this.functions,
      lifecycle: this.lifecycle.stateMachine,
      stage: this.api.stage,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Base URL; the routes start with /v1',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.store.bucket.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.lifecycle.stateMachine.stateMachineArn });
  }
}
