import { fileURLToPath } from 'node:url';
import { type CfnElement, type Duration, RemovalPolicy, Size, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, RuntimeFamily, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { BUNDLE_CACHE_CONTEXT, bundleHash } from './bundle-cache.ts';
import { ENTRY_METADATA } from './template.ts';

/** The repository root: entries, the lock file and `package.json` `imports` are resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const SERVICE_NAME = 'dataflow-tasks';

// nodejs24.x is in this aws-cdk-lib; the fallback keeps an older one synthesizing the same runtime.
const NODEJS_24: Runtime =
  (Runtime as unknown as Record<string, Runtime | undefined>).NODEJS_24_X ??
  new Runtime('nodejs24.x', RuntimeFamily.NODEJS);

/**
 * esbuild settings shared by every function. The SDK v3 is bundled (not left to the runtime's
 * copy): tree-shaken and minified it loads 300–400 ms faster on a cold start, and its version is
 * the one we test with. ESM output needs `require` for the few CommonJS dependencies.
 */
export const BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  externalModules: [],
};

export interface ServiceFunctionProps {
  /** Handler module relative to the repository root, e.g. `functions/api/run-task.ts`. */
  entry: string;
  description?: string;
  timeout: Duration;
  /** @default 512 */
  memorySize?: number;
  /** Size of /tmp in MiB (512 to 10240). @default 512 */
  ephemeralStorageMiB?: number;
  /** Merged over the defaults (never replacing them). */
  environment?: Record<string, string>;
  logRetentionDays: number;
  /** @default arm64; x86_64 where a native binary exists only for it (the browser). */
  architecture?: Architecture;
  /** Folders copied into the asset next to the bundle: `from` relative to the repository root, `to` to the asset. */
  copies?: readonly AssetCopy[];
}

export interface AssetCopy {
  from: string;
  to: string;
}

/** esbuild cannot bundle a binary: the asset gets it copied in after bundling, as CDK's command hooks allow. */
function copyHooks(copies: readonly AssetCopy[]): Pick<BundlingOptions, 'commandHooks'> {
  if (copies.length === 0) return {};
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) =>
        copies.map(({ from, to }) => `cp -R "${inputDir}/${from}" "${outputDir}/${to}"`),
    },
  };
}

/**
 * One Lambda function with our defaults: nodejs24.x on arm64, the SDK bundled, source maps, an
 * explicit log group with retention, X-Ray, and a role that may write only to that log group
 * (not AWSLambdaBasicExecutionRole, whose log grants reach every log group of the account).
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly entry: string;
  readonly bundling: BundlingOptions = BUNDLING;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: toRetention(props.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY, // operational logs, not data: they go with the stack
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    // Named `Resource` so the function's logical id reads as the construct id (e.g. `RunTask…`).
    this.fn = new NodejsFunction(this, 'Resource', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: NODEJS_24,
      architecture: props.architecture ?? Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      ...(props.ephemeralStorageMiB === undefined
        ? {}
        : { ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMiB) }),
      timeout: props.timeout,
      description: props.description ?? props.entry,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      bundling: {
        ...BUNDLING,
        ...copyHooks(props.copies ?? []),
        ...cachedAssetHash(this, props.entry, props.copies ?? []),
      },
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    (this.fn.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    );
  }

  addEnvironment(name: string, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }
}

/**
 * Locally (`infra/synth.ts` sets the cache directory in the context), a hash of the bundle's inputs,
 * so CDK reuses an unchanged function's staged asset; in `cdk deploy`, CDK's own output hash.
 */
function cachedAssetHash(
  scope: Construct,
  entry: string,
  copies: readonly AssetCopy[],
): Pick<BundlingOptions, 'assetHash'> {
  const cacheDir = scope.node.tryGetContext(BUNDLE_CACHE_CONTEXT) as string | undefined;
  const outdir = Stage.of(scope)?.assetOutdir;
  if (!cacheDir || !outdir) return {};
  return {
    assetHash: bundleHash({
      root: REPO_ROOT,
      cacheDir,
      outdir,
      entry,
      settings: { format: 'esm', mainFields: BUNDLING.mainFields ?? [], target: 'node24' },
      // The copied folders come from packages the lock file pins, which the hash covers.
      options: copies.length === 0 ? BUNDLING : { ...BUNDLING, copies },
    }),
  };
}

/** Reads the tasks table (GetItem, Query on it and its indexes), or reads and writes it; sets TABLE_NAME. */
export function useTable(target: ServiceFunction, table: ITable, options: { write?: boolean } = {}): void {
  const actions = ['dynamodb:GetItem', 'dynamodb:Query'];
  if (options.write) actions.push('dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
  table.grant(target.fn, ...actions);
  target.addEnvironment('TABLE_NAME', table.tableName);
  acknowledge(
    target.role,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(table)}.Arn>/index/*]`,
    'index/* covers only the indexes of this one table (byCreation, byStatus), which listing queries.',
  );
}

/**
 * Reads the store (GetObject, and ListBucket so a missing key is a 404, not a 403), or also
 * writes and deletes in it (PutObject covers multipart and presigned PUT); sets BUCKET_NAME.
 */
export function useStore(target: ServiceFunction, bucket: IBucket, options: { write?: boolean } = {}): void {
  const objectActions = ['s3:GetObject'];
  if (options.write) objectActions.push('s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload');
  target.fn.addToRolePolicy(
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  target.fn.addToRolePolicy(
    new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
  );
  target.addEnvironment('BUCKET_NAME', bucket.bucketName);
  acknowledge(
    target.role,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/*]`,
    "A task's objects live under its random storeID prefix, known only at run time; the bucket holds nothing else.",
  );
}

/** Starts executions of the task lifecycle (nothing else on it); sets STATE_MACHINE_ARN. */
export function useLifecycle(target: ServiceFunction, stateMachine: IStateMachine): void {
  stateMachine.grantStartExecution(target.fn);
  target.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
}

/** Reads the cursor key (GetSecretValue on that secret only); sets CURSOR_KEY_SECRET_ARN. */
export function useCursorKey(target: ServiceFunction, secret: ISecret): void {
  secret.grantRead(target.fn);
  target.addEnvironment('CURSOR_KEY_SECRET_ARN', secret.secretArn);
}

/**
 * Invokes the ExportFormat function synchronously, and only it: `lambda:InvokeFunction` on its
 * unqualified ARN (not `grantInvoke`'s extra `<arn>:*`, versions and aliases nobody publishes);
 * sets EXPORT_FUNCTION_NAME.
 */
export function useExporter(target: ServiceFunction, exporter: ServiceFunction): void {
  target.fn.addToRolePolicy(
    new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [exporter.fn.functionArn] }),
  );
  target.addEnvironment('EXPORT_FUNCTION_NAME', exporter.fn.functionName);
}

/** The CloudFormation logical id of a construct's main resource, as cdk-nag names it in findings. */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

/** Acknowledges a cdk-nag finding on a construct and everything under it, with the reason why it stands. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export function toRetention(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number');
  if (!allowed.includes(days as RetentionDays)) {
    throw new Error(
      `Log retention of ${days} days is not one CloudWatch Logs offers (${allowed.join(', ')})`,
    );
  }
  return days as RetentionDays;
}
