/**
 * Secrets Manager (JSON 1.1, `X-Amz-Target: secretsmanager.<Op>`) → `secretsmanager:<Op>` on the
 * secret the call names: its ARN, or the local ARN of the name given (local ARNs follow from names).
 */
import { secretArnOf } from '../template.ts';
import { type Mapping, mapped, parseJsonBody, refused, requiredString } from './actions.ts';
import { notMapped } from './errors.ts';

const TARGET_PREFIX = 'secretsmanager.';

/** What the functions call; anything else is refused rather than let through unchecked. */
const ON_SECRET = new Set(['GetSecretValue', 'DescribeSecret']);

export function secretsManagerChecks(target: string | undefined, body: Uint8Array): Mapping {
  if (!target?.startsWith(TARGET_PREFIX))
    return refused(notMapped('secretsmanager', `the target ${JSON.stringify(target ?? '')}`));
  const operation = target.slice(TARGET_PREFIX.length);
  if (!ON_SECRET.has(operation)) return refused(notMapped('secretsmanager', `Secrets Manager ${operation}`));
  const parsed = parseJsonBody('secretsmanager', body);
  if (!parsed.ok) return parsed;
  const id = requiredString('secretsmanager', parsed.value, 'SecretId');
  if (!id.ok) return id;
  const resource = id.value.startsWith('arn:') ? id.value : secretArnOf(id.value);
  return mapped([{ action: `secretsmanager:${operation}`, resource }]);
}
