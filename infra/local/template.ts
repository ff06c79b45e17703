/**
 * Reads what the local runtime needs from the synthesized CloudFormation template: functions and
 * their handler modules, routes, tables, buckets and state machines. Pure functions, no I/O.
 */

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_STACK_NAME = 'DataflowTasks';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

// A type, not an interface, so a template is also a `Record<string, unknown>` (as infra/synth.ts has it).
export type CfnTemplate = {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
};

export const functionArnOf = (name: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
export const stateMachineArnOf = (name: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': LOCAL_STACK_NAME,
  'AWS::StackId': `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${LOCAL_STACK_NAME}/local`,
};

const resourcesOf = (template: CfnTemplate) => template.Resources ?? {};

function resourceOf(template: CfnTemplate, logicalId: string): CfnResource {
  const resource = resourcesOf(template)[logicalId];
  if (!resource) throw new Error(`The template has no resource ${logicalId}`);
  return resource;
}

/** [logicalId, resource] of every resource of one type, in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(resourcesOf(template)).filter(([, resource]) => resource.Type === type);
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
  return resource.Type === 'AWS::StepFunctions::StateMachine' ? stateMachineArnOf(name) : name;
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

function getAttArguments(value: unknown): [string, string] {
  if (typeof value === 'string') {
    const dot = value.indexOf('.');
    return [value.slice(0, dot), value.slice(dot + 1)];
  }
  if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string')
    return [value[0], value[1]];
  throw new Error(`Unsupported Fn::GetAtt arguments: ${JSON.stringify(value)}`);
}

/** `${Name}` and `${Name.Attribute}` of Fn::Sub, with an optional map of extra variables. */
function substitute(template: CfnTemplate, text: string, variables: Record<string, unknown>): string {
  return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    if (name in variables) return asString(resolveValue(template, variables[name]));
    if (name.includes('.') && !(name in PSEUDO_PARAMETERS)) {
      const [id, attribute] = getAttArguments(name);
      return getAttOf(template, id, attribute);
    }
    return refOf(template, name);
  });
}

function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`Expected a string, got ${JSON.stringify(value)}`);
}

const isIntrinsic = (value: Record<string, unknown>) => {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::') === true);
};

/** Evaluates the intrinsic functions in a template value (Ref, GetAtt, Join, Sub, Select, Split). */
export function resolveValue(template: CfnTemplate, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(template, item));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (!isIntrinsic(object)) {
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolveValue(template, v)]));
  }
  const [name, argument] = Object.entries(object)[0] as [string, unknown];
  switch (name) {
    case 'Ref':
      return refOf(template, asString(argument));
    case 'Fn::GetAtt': {
      const [id, attribute] = getAttArguments(argument);
      return getAttOf(template, id, attribute);
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown];
      const resolved = resolveValue(template, parts);
      if (!Array.isArray(resolved)) throw new Error('Fn::Join expects a list');
      return resolved.map(asString).join(separator);
    }
    case 'Fn::Sub': {
      if (typeof argument === 'string') return substitute(template, argument, {});
      const [text, variables] = argument as [string, Record<string, unknown>];
      return substitute(template, text, variables ?? {});
    }
    case 'Fn::Select': {
      const [index, list] = argument as [unknown, unknown];
      const resolved = resolveValue(template, list);
      if (!Array.isArray(resolved)) throw new Error('Fn::Select expects a list');
      return resolved[Number(resolveValue(template, index))];
    }
    case 'Fn::Split': {
      const [separator, text] = argument as [string, unknown];
      return asString(resolveValue(template, text)).split(separator);
    }
    default:
      throw new Error(`Unsupported intrinsic function ${name} in the template`);
  }
}

/** The logical ids a value references through Ref or Fn::GetAtt, depth first. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if ('Ref' in object && typeof object.Ref === 'string') return [object.Ref];
  if ('Fn::GetAtt' in object) return [getAttArguments(object['Fn::GetAtt'])[0]];
  return Object.values(object).flatMap(referencedIds);
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

const ENTRY_METADATA = 'dfk:entry';

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
    const assetPath = resource.Metadata?.['aws:asset:path'];
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

export interface LocalStateMachine {
  logicalId: string;
  name: string;
  arn: string;
  /** The Amazon States Language definition, every token resolved. */
  definition: Record<string, unknown>;
}

export function readStateMachines(template: CfnTemplate): LocalStateMachine[] {
  return resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const name = physicalNameOf(template, logicalId);
    let definition: unknown;
    if (properties.DefinitionString !== undefined) {
      let text = asString(resolveValue(template, properties.DefinitionString));
      const substitutions = properties.DefinitionSubstitutions as Record<string, unknown> | undefined;
      // Only the listed names are substitutions; any other `${…}` in the definition stays as it is.
      for (const [key, value] of Object.entries(substitutions ?? {}))
        text = text.replaceAll(`\${${key}}`, asString(resolveValue(template, value)));
      definition = JSON.parse(text);
    } else if (properties.Definition !== undefined) {
      definition = resolveValue(template, properties.Definition);
    } else {
      throw new Error(`State machine ${logicalId} has no definition`);
    }
    return {
      logicalId,
      name,
      arn: stateMachineArnOf(name),
      definition: definition as Record<string, unknown>,
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
