/**
 * DynamoDB (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Op>`) → `dynamodb:<Op>` on the table or
 * index; batch calls check once per table, transactions once per item with the item's own action.
 */
import {
  type Check,
  type Mapping,
  mapped,
  parseJsonBody,
  refused,
  requiredString,
  type Scope,
} from './actions.ts';
import { invalidParameter, notMapped } from './errors.ts';

const TARGET_PREFIX = 'DynamoDB_20120810.';

/** Actions IAM only grants on `*`. */
const WILDCARD_ONLY = new Set([
  'ListTables',
  'DescribeLimits',
  'DescribeEndpoints',
  'ListBackups',
  'ListGlobalTables',
  'ListExports',
  'ListImports',
  'DescribeReservedCapacity',
  'DescribeReservedCapacityOfferings',
]);

/** PartiQL's actions depend on the statement, which we do not parse: refused rather than guessed. */
const PARTIQL = new Set(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);

const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  ConditionCheck: 'ConditionCheckItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
};

/** A TableName may be a name or a table ARN (DynamoDB accepts both). */
export const tableArnOf = (table: string, scope: Scope) =>
  table.startsWith('arn:') ? table : `arn:aws:dynamodb:${scope.region}:${scope.account}:table/${table}`;

const check = (operation: string, resource: string): Check => ({ action: `dynamodb:${operation}`, resource });

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function transactChecks(operation: string, items: unknown, scope: Scope): Mapping {
  if (!Array.isArray(items) || items.length === 0)
    return refused(
      invalidParameter(
        'dynamodb',
        "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
      ),
    );
  const checks: Check[] = [];
  for (const item of items) {
    const entries = isObject(item) ? Object.entries(item) : [];
    const [kind, request] = entries[0] ?? [];
    const action =
      operation === 'TransactGetItems'
        ? kind === 'Get'
          ? 'GetItem'
          : undefined
        : TRANSACT_WRITE_ACTIONS[kind ?? ''];
    const table = isObject(request) ? request.TableName : undefined;
    if (entries.length !== 1 || action === undefined || typeof table !== 'string')
      return refused(invalidParameter('dynamodb', `Invalid ${operation} item: ${JSON.stringify(item)}`));
    checks.push(check(action, tableArnOf(table, scope)));
  }
  return mapped(checks);
}

export function dynamoDbChecks(target: string | undefined, body: Uint8Array, scope: Scope): Mapping {
  if (!target?.startsWith(TARGET_PREFIX))
    return refused(notMapped('dynamodb', `the target ${JSON.stringify(target ?? '')}`));
  const operation = target.slice(TARGET_PREFIX.length);
  if (WILDCARD_ONLY.has(operation)) return mapped([check(operation, '*')]);
  if (PARTIQL.has(operation)) return refused(notMapped('dynamodb', `DynamoDB ${operation} (PartiQL)`));
  const parsed = parseJsonBody('dynamodb', body);
  if (!parsed.ok) return parsed;
  const input = parsed.value;

  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem': {
      const tables = isObject(input.RequestItems) ? Object.keys(input.RequestItems) : [];
      if (tables.length === 0)
        return refused(
          invalidParameter(
            'dynamodb',
            "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
          ),
        );
      return mapped(tables.map((table) => check(operation, tableArnOf(table, scope))));
    }
    case 'TransactGetItems':
    case 'TransactWriteItems':
      return transactChecks(operation, input.TransactItems, scope);
    case 'TagResource':
    case 'UntagResource':
    case 'ListTagsOfResource': {
      const arn = requiredString('dynamodb', input, 'ResourceArn');
      return arn.ok ? mapped([check(operation, arn.value)]) : arn;
    }
  }
  if (!('TableName' in input)) return refused(notMapped('dynamodb', `DynamoDB ${operation}`));
  const table = requiredString('dynamodb', input, 'TableName');
  if (!table.ok) return table;
  const tableArn = tableArnOf(table.value, scope);
  const index =
    (operation === 'Query' || operation === 'Scan') && typeof input.IndexName === 'string'
      ? input.IndexName
      : undefined;
  return mapped([check(operation, index === undefined ? tableArn : `${tableArn}/index/${index}`)]);
}
