/**
 * Reads what the local runtime needs from the synthesized CloudFormation template: functions and
 * their handler modules, routes, tables, buckets and state machines, with the names, ARNs and
 * pseudo parameters they have locally. Pure functions, no I/O.
 */
import { createHash } from 'node:crypto';
import { asString, evaluate, type ReferenceResolver, referencedIds } from '#infra/intrinsics';
import { DEFAULT_STACK_NAME } from '#infra/stack-name';
import {
  ASSET_PATH_METADATA,
  type CfnResource,
  type CfnTemplate,
  definitionOf,
  ENTRY_METADATA,
  resourcesOfType,
} from '#infra/template';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export const functionArnOf = (name: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
export const stateMachineArnOf = (name: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
/** Secrets Manager ends a secret's ARN with `-` and six random characters; locally they come from the name. */
export const secretArnOf = (name: string) =>
  `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${name}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': DEFAULT_STACK_NAME,
  'AWS::StackId': `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${DEFAULT_STACK_NAME}/local`,
};

const resourcesOf = (template: CfnTemplate) => template.Resources ?? {};

function resourceOf(template: CfnTemplate, logicalId: string): CfnResource {
  const resource = resourcesOf(template)[logicalId];
  if (!resource) throw new Error(`The template has no resource ${logicalId}`);
  return resource;
}

const explicitName = (resource: CfnResource, property: string) => {
  const value = resource.Properties?.[property];
  return typeof value === 'string' ? value : undefined;
};

/** The physical name a resource gets locally: its explicit name, else its logical id. */
export function physicalNameOf(template: CfnTemplate, logicalId: string): string {
  const resource = resourceOf(template, logicalId);
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table':
      return explicitName(resource, 'TableName') ?? logicalId;
    case 'AWS::S3::Bucket':
      // Bucket names are lowercase; logical ids are alphanumeric, so lowercasing is enough.
      return explicitName(resource, 'BucketName') ?? logicalId.toLowerCase();
    case 'AWS::StepFunctions::StateMachine':
      return explicitName(resource, 'StateMachineName') ?? logicalId;
    case 'AWS::Lambda::Function':
      return explicitName(resource, 'FunctionName') ?? logicalId;
    case 'AWS::SecretsManager::Secret':
      return explicitName(resource, 'Name') ?? logicalId;
    default:
      return logicalId;
  }
}

/** What `{Ref: logicalId}` evaluates to, as CloudFormation documents it per type. */
export function refOf(template: CfnTemplate, logicalId: string): string {
  const pseudo = PSEUDO_PARAMETERS[logicalId];
  if (pseudo !== undefined) return pseudo;
  const parameter = template.Parameters?.[logicalId];
  if (parameter) return String(parameter.Default ?? '');
  const resource = resourceOf(template, logicalId);
  const name = physicalNameOf(template, logicalId);
  if (resource.Type === 'AWS::StepFunctions::StateMachine') return stateMachineArnOf(name);
  if (resource.Type === 'AWS::SecretsManager::Secret') return secretArnOf(name);
  return name;
}

/** What `{Fn::GetAtt: [logicalId, attribute]}` evaluates to. */
export function getAttOf(template: CfnTemplate, logicalId: string, attribute: string): string {
  const resource = resourceOf(template, logicalId);
  const name = physicalNameOf(template, logicalId);
  const key = `${resource.Type}.${attribute}`;
  switch (key) {
    case 'AWS::Lambda::Function.Arn':
      return functionArnOf(name);
    case 'AWS::StepFunctions::StateMachine.Arn':
      return stateMachineArnOf(name);
    case 'AWS::StepFunctions::StateMachine.Name':
      return name;
    case 'AWS::DynamoDB::Table.Arn':
      return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
    case 'AWS::S3::Bucket.Arn':
      return `arn:aws:s3:::${name}`;
    case 'AWS::S3::Bucket.DomainName':
    case 'AWS::S3::Bucket.RegionalDomainName':
      return `${name}.s3.amazonaws.com`;
    default:
      // Attributes nothing local uses (role ARNs, log groups): a stable, recognisable placeholder.
      return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}/${attribute}`;
  }
}

/** How a reference resolves locally: `Ref` as `refOf`, `Fn::GetAtt` as `getAttOf`. */
export const localResolver =
  (template: CfnTemplate): ReferenceResolver =>
  (logicalId, attribute) =>
    attribute === undefined ? refOf(template, logicalId) : getAttOf(template, logicalId, attribute);

/** Evaluates the intrinsic functions in a template value, with the local names and pseudo parameters. */
export function resolveValue(template: CfnTemplate, value: unknown): unknown {
  return evaluate(value, localResolver(template));
}

/** The first referenced resource of one of the given types. */
function firstReferenceOfType(template: CfnTemplate, value: unknown, types: string[]): string | undefined {
  return referencedIds(value).find((id) => types.includes(resourcesOf(template)[id]?.Type ?? ''));
}

export interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  /** The handler module it was bundled from, relative to the repository root (`dfk:entry`). */
  entry: string;
  /** The folder of its bundled code in the cloud assembly (`aws:asset:path`), when bundled. */
  assetPath?: string;
  /** The template's `Handler`: `index.handler` is `handler` exported by index.js/.mjs/.cjs. */
  handler: string;
  /** The logical id of its execution role. */
  roleId?: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
}

/** Every function that names its handler module in `Metadata['dfk:entry']` (CDK's helper functions do not). */
export function readFunctions(template: CfnTemplate): LocalFunction[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([logicalId, resource]) => {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string') return [];
    const properties = resource.Properties ?? {};
    const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    const environment = Object.fromEntries(
      Object.entries(variables ?? {}).map(([key, value]) => [key, asString(resolveValue(template, value))]),
    );
    const name = physicalNameOf(template, logicalId);
    const assetPath = resource.Metadata?.[ASSET_PATH_METADATA];
    const roleId = referencedIds(properties.Role)[0];
    return [
      {
        logicalId,
        name,
        arn: functionArnOf(name),
        entry,
        ...(typeof assetPath === 'string' ? { assetPath } : {}),
        handler: typeof properties.Handler === 'string' ? properties.Handler : 'index.handler',
        ...(roleId ? { roleId } : {}),
        environment,
        timeoutSeconds: typeof properties.Timeout === 'number' ? properties.Timeout : 3,
        memorySize: typeof properties.MemorySize === 'number' ? properties.MemorySize : 128,
      },
    ];
  });
}

/** The function behind a reference to a function, alias or version. */
function functionIdOf(template: CfnTemplate, value: unknown): string | undefined {
  const id = firstReferenceOfType(template, value, [
    'AWS::Lambda::Function',
    'AWS::Lambda::Alias',
    'AWS::Lambda::Version',
  ]);
  if (id === undefined) return undefined;
  const resource = resourceOf(template, id);
  if (resource.Type === 'AWS::Lambda::Function') return id;
  return functionIdOf(template, resource.Properties?.FunctionName);
}

export interface LocalRoute {
  /** `POST /v1/tasks/{id}/run`, or `$default`. */
  routeKey: string;
  functionId: string;
}

/** HTTP API routes and the function each one's Lambda integration invokes. */
export function readRoutes(template: CfnTemplate): LocalRoute[] {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([logicalId, resource]) => {
    const routeKey = resource.Properties?.RouteKey;
    if (typeof routeKey !== 'string') throw new Error(`Route ${logicalId} has no literal RouteKey`);
    const integrationId = firstReferenceOfType(template, resource.Properties?.Target, [
      'AWS::ApiGatewayV2::Integration',
    ]);
    if (!integrationId) throw new Error(`Route ${routeKey} has no integration`);
    const integration = resourceOf(template, integrationId);
    const functionId = functionIdOf(template, integration.Properties?.IntegrationUri);
    if (!functionId) throw new Error(`The integration of route ${routeKey} invokes no Lambda function`);
    return { routeKey, functionId };
  });
}

export interface LocalTable {
  logicalId: string;
  /** A CreateTable request for the same keys and indexes (on demand). */
  createTable: {
    TableName: string;
    KeySchema: unknown[];
    AttributeDefinitions: unknown[];
    BillingMode: 'PAY_PER_REQUEST';
    GlobalSecondaryIndexes?: unknown[];
    LocalSecondaryIndexes?: unknown[];
  };
}

const indexesOf = (value: unknown) =>
  Array.isArray(value) && value.length > 0
    ? (value as Record<string, unknown>[]).map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      }))
    : undefined;

export function readTables(template: CfnTemplate): LocalTable[] {
  return resourcesOfType(template, 'AWS::DynamoDB::Table').map(([logicalId, resource]) => {
    const properties = resolveValue(template, resource.Properties ?? {}) as Record<string, unknown>;
    const createTable: LocalTable['createTable'] = {
      TableName: physicalNameOf(template, logicalId),
      KeySchema: properties.KeySchema as unknown[],
      AttributeDefinitions: properties.AttributeDefinitions as unknown[],
      BillingMode: 'PAY_PER_REQUEST',
    };
    const global = indexesOf(properties.GlobalSecondaryIndexes);
    const local = indexesOf(properties.LocalSecondaryIndexes);
    if (global) createTable.GlobalSecondaryIndexes = global;
    if (local) createTable.LocalSecondaryIndexes = local;
    return { logicalId, createTable };
  });
}

export function readBuckets(template: CfnTemplate): { logicalId: string; name: string }[] {
  return resourcesOfType(template, 'AWS::S3::Bucket').map(([logicalId]) => ({
    logicalId,
    name: physicalNameOf(template, logicalId),
  }));
}

export interface LocalSecret {
  logicalId: string;
  name: string;
  arn: string;
  /** How Secrets Manager generates its value (`GenerateSecretString`); a literal `SecretString` otherwise. */
  generate?: {
    length: number;
    excludeCharacters: string;
    excludePunctuation: boolean;
    includeSpace: boolean;
  };
  secretString?: string;
}

/** The template's secrets: each generated once, as CloudFormation has Secrets Manager do at create. */
export function readSecrets(template: CfnTemplate): LocalSecret[] {
  return resourcesOfType(template, 'AWS::SecretsManager::Secret').map(([logicalId, resource]) => {
    const properties = resolveValue(template, resource.Properties ?? {}) as Record<string, unknown>;
    const name = physicalNameOf(template, logicalId);
    const generate = properties.GenerateSecretString as Record<string, unknown> | undefined;
    if (generate && (generate.SecretStringTemplate !== undefined || generate.GenerateStringKey !== undefined))
      throw new Error(`Secret ${logicalId}: JSON secrets (SecretStringTemplate) are not generated locally`);
    return {
      logicalId,
      name,
      arn: secretArnOf(name),
      ...(generate
        ? {
            generate: {
              length: typeof generate.PasswordLength === 'number' ? generate.PasswordLength : 32,
              excludeCharacters:
                typeof generate.ExcludeCharacters === 'string' ? generate.ExcludeCharacters : '',
              excludePunctuation: generate.ExcludePunctuation === true,
              includeSpace: generate.IncludeSpace === true,
            },
          }
        : {}),
      ...(typeof properties.SecretString === 'string' ? { secretString: properties.SecretString } : {}),
    };
  });
}

export interface LocalStateMachine {
  logicalId: string;
  name: string;
  arn: string;
  /** The Amazon States Language definition, every token resolved. */
  definition: Record<string, unknown>;
}

export function readStateMachines(template: CfnTemplate): LocalStateMachine[] {
  const resolve = localResolver(template);
  return resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map(([logicalId, resource]) => {
    const name = physicalNameOf(template, logicalId);
    return {
      logicalId,
      name,
      arn: stateMachineArnOf(name),
      definition: definitionOf(logicalId, resource, resolve),
    };
  });
}

/** The stack's outputs, resolved (`TableName`, `BucketName`, …). */
export function readOutputs(template: CfnTemplate): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template.Outputs ?? {}).map(([key, output]) => [
      key,
      asString(resolveValue(template, output.Value)),
    ]),
  );
}
