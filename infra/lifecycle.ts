import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Choice, Condition, Errors, Fail, type StateMachine, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { defaults } from '#core/settings';
import { ServiceFunction, type ServiceFunctionProps, useStore, useTable } from './function.ts';
import { WORKFLOW_STEPS } from './routes.ts';
import { invokeStep, loggedStateMachine } from './state-machine.ts';
import { LIFECYCLE_NAME } from './template.ts';

/** The state names of the task lifecycle, as they appear in the definition and the console. */
export const STATES = {
  start: 'Start task',
  stillWanted: 'Still wanted?',
  whatKind: 'What kind of task?',
  extractBatch: 'Extract next batch',
  morePages: 'More pages?',
  extractChromeBatch: 'Render next batch',
  moreRenderedPages: 'More pages to render?',
  export: 'Export results',
  convert: 'Convert file',
  finish: 'Finish task',
  fail: 'Fail task',
  finished: 'Task finished',
  failed: 'Task failed',
} as const;

type StepKey = keyof typeof WORKFLOW_STEPS;

/** Where the chrome step's asset carries @sparticuz/chromium's compressed browser (read by the handler). */
export const CHROMIUM_ASSET_DIR = 'chromium';

/** ExtractBatch's memory: about 0.58 of a vCPU, and the heap Lambda's bootstrap derives from it (bench/extraction). */
export const EXTRACT_BATCH_MEMORY_MB = 1024;

/** Each step's budget. A batch works `batchSeconds` and needs the rest to save its part and frontier. */
const STEP_SIZING: Record<
  StepKey,
  Pick<
    ServiceFunctionProps,
    'timeout' | 'memorySize' | 'description' | 'ephemeralStorageMiB' | 'architecture' | 'copies'
  >
> = {
  start: { timeout: Duration.minutes(1), memorySize: 512, description: 'Moves a queued task to running' },
  extractBatch: {
    timeout: Duration.minutes(5),
    memorySize: EXTRACT_BATCH_MEMORY_MB,
    description: 'Extracts pages for a bounded time, saves them as one part',
  },
  // The browser needs memory of its own and 2 vCPUs (from 1769 MB); @sparticuz/chromium ships x86_64
  // in its package (the asset's `chromium/`), so only this function pays its 64 MB and cold start.
  extractChromeBatch: {
    timeout: Duration.minutes(5),
    memorySize: 2048,
    architecture: Architecture.X86_64,
    description: 'Renders pages in headless Chromium for a bounded time, saves them as one part',
    ephemeralStorageMiB: 1024,
    copies: [{ from: 'node_modules/@sparticuz/chromium/bin', to: CHROMIUM_ASSET_DIR }],
  },
  export: {
    timeout: Duration.minutes(15),
    memorySize: 1024,
    description: 'Writes the extracted parts as one result file',
  },
  // One vCPU (1769 MB) for a single-threaded stream; memory itself stays flat whatever the file size.
  convert: {
    timeout: Duration.minutes(15),
    memorySize: 1769,
    description: 'Converts a file between csv, json, jsonl, excel and xml, streaming',
    // An xlsx input is copied to /tmp (a zip is read by its central directory), its shared strings spilled there.
    ephemeralStorageMiB: 10_240,
  },
  finish: { timeout: Duration.minutes(1), memorySize: 512, description: 'Marks a task completed' },
  fail: {
    timeout: Duration.minutes(1),
    memorySize: 512,
    description: 'Marks a task failed, keeping its partial data',
  },
};

/** How long one extraction batch works before handing over to the next (well under its timeout). */
const BATCH_SECONDS = defaults.batchSeconds;

/**
 * V8 flags of the steps that stream records into a file (bench/conversion and bench/export run
 * with them too). A stream of records makes short-lived garbage fast; with V8's default young
 * generation the records in flight survive scavenges and old space grows before a full
 * collection: 280 MB peak RSS for 200 MB of CSV to JSON Lines, 196 MB with 8 MB semi-spaces, and
 * a 1M-record Excel export 290 → 225 MB, at the same speed.
 */
export const CONVERT_V8_FLAGS = '--max-semi-space-size=8';
export const STREAMING = { NODE_OPTIONS: `--enable-source-maps ${CONVERT_V8_FLAGS}` };

const STEP_ENVIRONMENT: Partial<Record<StepKey, Record<string, string>>> = {
  extractBatch: { DFK_BATCH_SECONDS: String(BATCH_SECONDS) },
  extractChromeBatch: { DFK_BATCH_SECONDS: String(BATCH_SECONDS) },
  convert: STREAMING,
  export: STREAMING,
  // Finish and Fail export what an interrupted or failed extraction left.
  finish: STREAMING,
  fail: STREAMING,
};

export interface TaskLifecycleProps {
  table: ITable;
  bucket: IBucket;
  logRetentionDays: number;
}

/**
 * The lifecycle of a task, one execution per task (named by its id; input `{"taskId": "…"}`):
 *
 *   Start task → Still wanted? ─no──────────────────────────────────────────────▶ Finish task → Task finished
 *                     └─yes→ What kind of task? ─extraction→ Extract next batch ⟲ More pages? ─no→ Export results ─▶ Finish task
 *                                    ├─chrome extraction→ Render next batch ⟲ More pages to render? ─no→ Export results
 *                                    ├─conversion→ Convert file ─▶ Finish task
 *                                    └─other→ Fail task → Task failed
 *
 * Every Lambda step returns the next state (`payloadResponseOnly`), retries Lambda's own
 * transient errors, and on any other error goes to `Fail task` with the error at `$.failure`.
 */
export class TaskLifecycle extends Construct {
  readonly stateMachine: StateMachine;
  readonly steps: Readonly<Record<StepKey, ServiceFunction>>;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: TaskLifecycleProps) {
    super(scope, id);

    const steps = {} as Record<StepKey, ServiceFunction>;
    for (const key of Object.keys(WORKFLOW_STEPS) as StepKey[]) {
      const { id: stepId, entry } = WORKFLOW_STEPS[key];
      const fn = new ServiceFunction(this, stepId, {
        entry,
        ...STEP_SIZING[key],
        environment: STEP_ENVIRONMENT[key] ?? {},
        logRetentionDays: props.logRetentionDays,
      });
      useTable(fn, props.table, { write: true });
      useStore(fn, props.bucket, { write: true });
      steps[key] = fn;
    }
    this.steps = steps;

    const invoke = (key: StepKey, stateName: string) => invokeStep(this, steps[key], stateName);

    const failTask = invoke('fail', STATES.fail);
    failTask.next(
      new Fail(this, STATES.failed, { error: 'TaskFailed', cause: 'The task ended in error; see the task.' }),
    );
    const catchToFail = (task: LambdaInvoke): LambdaInvoke => {
      task.addCatch(failTask, { errors: [Errors.ALL], resultPath: '$.failure' });
      return task;
    };

    const startTask = catchToFail(invoke('start', STATES.start));
    const extractBatch = catchToFail(invoke('extractBatch', STATES.extractBatch));
    const extractChromeBatch = catchToFail(invoke('extractChromeBatch', STATES.extractChromeBatch));
    const exportResults = catchToFail(invoke('export', STATES.export));
    const convertFile = catchToFail(invoke('convert', STATES.convert));
    const finishTask = catchToFail(invoke('finish', STATES.finish));

    finishTask.next(new Succeed(this, STATES.finished));
    exportResults.next(finishTask);
    convertFile.next(finishTask);
    extractBatch.next(
      new Choice(this, STATES.morePages)
        .when(Condition.booleanEquals('$.done', false), extractBatch)
        .otherwise(exportResults),
    );
    extractChromeBatch.next(
      new Choice(this, STATES.moreRenderedPages)
        .when(Condition.booleanEquals('$.done', false), extractChromeBatch)
        .otherwise(exportResults),
    );
    const rendered = Condition.and(
      Condition.stringEquals('$.type', 'extraction'),
      Condition.isPresent('$.renderer'),
      Condition.stringEquals('$.renderer', 'chrome'),
    );
    const whatKind = new Choice(this, STATES.whatKind)
      .when(rendered, extractChromeBatch)
      .when(Condition.stringEquals('$.type', 'extraction'), extractBatch)
      .when(Condition.stringEquals('$.type', 'conversion'), convertFile)
      .otherwise(failTask);
    startTask.next(
      new Choice(this, STATES.stillWanted)
        .when(Condition.booleanEquals('$.proceed', false), finishTask)
        .otherwise(whatKind),
    );

    const { stateMachine, logGroup } = loggedStateMachine(this, {
      name: LIFECYCLE_NAME,
      comment:
        'The lifecycle of one task: start, extract in bounded batches and export or convert a file, finish; or fail',
      definition: startTask,
      steps: Object.values(steps),
      logRetentionDays: props.logRetentionDays,
    });
    this.stateMachine = stateMachine;
    this.logGroup = logGroup;
  }
}
