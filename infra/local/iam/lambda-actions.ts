/**
 * Lambda (REST-JSON) → the action of the call on the function it names. Only Invoke is mapped:
 * `POST /2015-03-31/functions/{FunctionName}/invocations` → `lambda:InvokeFunction` on
 * `arn:aws:lambda:<region>:<account>:function:<name>` (`…:<name>:<qualifier>` for a qualified
 * call, as IAM sees it). FunctionName may be a name, an ARN or a partial ARN.
 */
import { type Mapping, mapped, refused, type Scope } from './actions.ts';
import { invalidParameter, notMapped } from './errors.ts';
import { type GatewayRequest, queryValue } from './request.ts';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const NAME = '[A-Za-z0-9_-]+';
const QUALIFIER = '[A-Za-z0-9$_-]+';
const FULL_ARN = new RegExp(`^arn:aws:lambda:([a-z0-9-]+):(\\d{12}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PARTIAL_ARN = new RegExp(`^(\\d{12}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PLAIN = new RegExp(`^(${NAME})(?::(${QUALIFIER}))?$`);

/** The function ARN a FunctionName stands for (the scope fills what a name leaves out), or undefined. */
export function functionResourceOf(
  functionName: string,
  scope: Scope,
  qualifier?: string,
): string | undefined {
  let region = scope.region;
  let account = scope.account;
  let name: string;
  let named: string | undefined;
  const full = FULL_ARN.exec(functionName);
  const partial = PARTIAL_ARN.exec(functionName);
  const plain = PLAIN.exec(functionName);
  if (full) [, region, account, name, named] = full as unknown as [string, string, string, string, string?];
  else if (partial) [, account, name, named] = partial as unknown as [string, string, string, string?];
  else if (plain) [, name, named] = plain as unknown as [string, string, string?];
  else return undefined;
  const version = named ?? qualifier;
  return `arn:aws:lambda:${region}:${account}:function:${name}${version ? `:${version}` : ''}`;
}

export function lambdaChecks(request: GatewayRequest, scope: Scope): Mapping {
  const match = INVOKE_PATH.exec(request.path);
  if (request.method !== 'POST' || !match)
    return refused(notMapped('lambda', `Lambda ${request.method} ${request.path}`));
  let functionName: string;
  try {
    functionName = decodeURIComponent(match[1]!);
  } catch {
    return refused(invalidParameter('lambda', `Malformed FunctionName ${JSON.stringify(match[1])}`));
  }
  const resource = functionResourceOf(functionName, scope, queryValue(request.query, 'Qualifier'));
  if (!resource)
    return refused(
      invalidParameter(
        'lambda',
        `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern`,
      ),
    );
  return mapped([{ action: 'lambda:InvokeFunction', resource }]);
}
