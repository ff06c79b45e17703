import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { buildConsole, CONSOLE_ASSET_DIR } from './console.ts';
import {
  acknowledge,
  ServiceFunction,
  toRetention,
  useCursorKey,
  useExporter,
  useLifecycle,
  useStore,
  useTable,
} from './function.ts';
import { STREAMING } from './lifecycle.ts';
import { CONSOLE, type Endpoint, EXPORT_FORMAT } from './routes.ts';

/**
 * One access log line per request, as JSON. Only the route key (`POST /v1/tasks/{id}/run`) is
 * logged, never the path with its query string: `api_key` travels there and is a secret.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  responseLength: '$context.responseLength',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  protocol: '$context.protocol',
} as const;

/** The API functions' budget: API Gateway gives up on an integration after 30 s. */
export const API_TIMEOUT = Duration.seconds(29);

export interface TasksApiProps {
  endpoints: readonly Endpoint[];
  table: ITable;
  bucket: IBucket;
  lifecycle: IStateMachine;
  cursorKey: ISecret;
  throttle: { rateLimit: number; burstLimit: number };
  linkTtlSeconds: number;
  logRetentionDays: number;
}

/** The HTTP API: one function per endpoint, each of the endpoint's routes mapped to it. */
export class TasksApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The endpoint functions, by endpoint id (`RunTask`). */
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** ExportFormat: a task's results in another format, invoked by GetStore (no route of its own). */
  readonly exporter: ServiceFunction;
  /** Console: the web console's page and assets (no route of the JSON API, no data access). */
  readonly console: ServiceFunction;

  constructor(scope: Construct, id: string, props: TasksApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'Http', {
      apiName: Stack.of(this).stackName, // a label, not an identifier: names of APIs need not be unique
      description: 'Tasks API: web data extraction and file conversion as tasks',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: toRetention(props.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    acknowledge(
      this.httpApi,
      'AwsSolutions-APIG4',
      'Authentication is the first middleware of every function, not an API Gateway authorizer: an ' +
        'HTTP API answers a request lacking the identity source itself, with its own body, and the ' +
        "contract's two 401 messages (No API Key provided / Invalid API key) cannot be produced that way.",
    );

    // As the Export step, but for one more format on request. Its timeout is the step's, not the
    // API's: an export longer than the caller's 29 s still finishes and is kept for the next call.
    const exporter = new ServiceFunction(this, EXPORT_FORMAT.id, {
      entry: EXPORT_FORMAT.entry,
      description: "Writes a task's results in another format (store?format=)",
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: STREAMING,
      logRetentionDays: props.logRetentionDays,
    });
    useTable(exporter, props.table, { write: true });
    useStore(exporter, props.bucket, { write: true });
    this.exporter = exporter;

    const functions = new Map<string, ServiceFunction>();
    for (const endpoint of props.endpoints) {
      const fn = new ServiceFunction(this, endpoint.id, {
        entry: endpoint.entry,
        description: `${endpoint.id}: ${endpoint.routes.join(', ')}`,
        timeout: API_TIMEOUT,
        memorySize: 512,
        environment: endpoint.public ? {} : { DFK_LINK_TTL_SECONDS: String(props.linkTtlSeconds) },
        logRetentionDays: props.logRetentionDays,
      });
      // A public endpoint (the API description) authenticates nobody and touches no data.
      if (!endpoint.public) useTable(fn, props.table, { write: endpoint.writesTable === true });
      if (endpoint.readsStore || endpoint.writesStore) {
        useStore(fn, props.bucket, { write: endpoint.writesStore === true });
      }
      if (endpoint.startsExecutions) useLifecycle(fn, props.lifecycle);
      if (endpoint.invokesExporter) useExporter(fn, exporter);
      if (endpoint.readsCursorKey) useCursorKey(fn, props.cursorKey);

      // One integration (and one invoke permission for this API) per function, shared by its routes.
      const integration = new HttpLambdaIntegration(`${endpoint.id}Integration`, fn.fn, {
        scopePermissionToRoute: false,
      });
      for (const route of endpoint.routes) {
        const { method, path } = parseRoute(route);
        this.httpApi.addRoutes({ path, methods: [method], integration });
      }
      functions.set(endpoint.id, fn);
    }
    this.functions = functions;

    // The page talks to this API (same origin) and to the bucket through presigned links, whose
    // origin its Content-Security-Policy names: virtual-hosted and regional, as SDK v3 signs them
    // (us-east-1 included).
    const consoleFn = new ServiceFunction(this, CONSOLE.id, {
      entry: CONSOLE.entry,
      description: `${CONSOLE.id}: ${CONSOLE.routes.join(', ')}`,
      timeout: API_TIMEOUT,
      memorySize: 256,
      environment: {
        DFK_STORE_ORIGIN: `https://${props.bucket.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`,
      },
      copies: [{ from: buildConsole().dir, to: CONSOLE_ASSET_DIR }],
      logRetentionDays: props.logRetentionDays,
    });
    const consoleIntegration = new HttpLambdaIntegration(`${CONSOLE.id}Integration`, consoleFn.fn, {
      scopePermissionToRoute: false,
    });
    for (const route of CONSOLE.routes) {
      const { method, path } = parseRoute(route);
      this.httpApi.addRoutes({ path, methods: [method], integration: consoleIntegration });
    }
    this.console = consoleFn;
  }

  /** The base URL of the API (the routes start with `/v1`). */
  get url(): string {
    return this.stage.url;
  }
}

/** `POST /v1/tasks/{id}/run` → method and path. */
export function parseRoute(route: string): { method: HttpMethod; path: string } {
  const [method, path, ...rest] = route.split(' ');
  const methods = Object.values(HttpMethod) as string[];
  if (!method || !path || rest.length > 0 || !methods.includes(method) || !path.startsWith('/')) {
    throw new Error(`Route "${route}" is not "<METHOD> /<path>"`);
  }
  return { method: method as HttpMethod, path };
}
