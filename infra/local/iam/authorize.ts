/**
 * The IAM decision for a principal's checks, by `@cloud-copilot/iam-simulate`: identity policies
 * only. Resource policies (the bucket's TLS-only policy), SCPs, RCPs, session policies and
 * permission boundaries are not evaluated: the stack attaches none that grants, and the bucket
 * policy's deny on plain HTTP would refuse every local call, which is plain HTTP on loopback.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Check } from './actions.ts';
import { type AwsError, accessDenied, type GatewayService } from './errors.ts';
import type { IdentityPolicy } from './principals.ts';

/** What authorize needs of a principal (a Principal of principals.ts has it). */
export interface Caller {
  /** The assumed-role session ARN, named in messages and `aws:userid`-style keys. */
  arn: string;
  /** The role ARN, `aws:PrincipalArn`. */
  roleArn: string;
  policies: IdentityPolicy[];
}

export type Decision =
  | { allowed: true }
  | {
      allowed: false;
      check: Check;
      error: AwsError;
      /** `implicit` (no Allow), `explicit` (a Deny), `invalid` (the simulator refused the input; see `detail`). */
      reason: 'implicit' | 'explicit' | 'invalid';
      detail?: string;
    };

export interface AuthorizeOptions {
  service: GatewayService;
  region: string;
  account: string;
  now?: Date;
}

/** The global condition keys AWS puts on a call a Lambda function makes with its role. */
function globalContext(caller: Caller, options: AuthorizeOptions): Record<string, string> {
  const now = options.now ?? new Date();
  return {
    // As the deployed function calls AWS, over HTTPS: the local hop is plain HTTP on loopback.
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': now.toISOString().replace(/\.\d+Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:PrincipalArn': caller.roleArn,
    'aws:PrincipalAccount': options.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': options.region,
  };
}

type Outcome =
  | { result: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' }
  | { result: 'Invalid'; detail: string };

/**
 * A `*` in a request's resource is a literal character (an S3 key may hold one), but the simulator
 * reads it as a pattern and asks whether any matching resource is allowed. A private-use character
 * in its place matches every policy pattern a `*` would (policy `*` and `?` match any character,
 * and a policy cannot spell a literal `*`), so the decision is AWS's for the literal key.
 */
const LITERAL_STAR = '\uE000';
const literalResource = (resource: string) =>
  resource === '*' ? resource : resource.replaceAll('*', LITERAL_STAR);

async function evaluate(caller: Caller, check: Check, options: AuthorizeOptions): Promise<Outcome> {
  const simulation: Simulation = {
    request: {
      principal: caller.arn,
      action: check.action,
      resource: { resource: literalResource(check.resource), accountId: options.account },
      contextVariables: { ...globalContext(caller, options), ...check.context },
    },
    identityPolicies: caller.policies.map((policy) => ({ name: policy.name, policy: policy.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  const response = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (response.resultType === 'error') return { result: 'Invalid', detail: JSON.stringify(response.errors) };
  return { result: response.overallResult };
}

/** Allowed when every check is; otherwise the first denied check, with the error AWS answers. */
export async function authorize(
  caller: Caller,
  checks: Check[],
  options: AuthorizeOptions,
): Promise<Decision> {
  // No check at all would allow everything: a mapping bug, refused like a denial.
  if (checks.length === 0) throw new Error('authorize needs at least one check');
  for (const check of checks) {
    const outcome = await evaluate(caller, check, options);
    if (outcome.result === 'Allowed') continue;
    const explicit = outcome.result === 'ExplicitlyDenied';
    const error = accessDenied(options.service, {
      principalArn: caller.arn,
      action: check.action,
      resource: check.resource,
      explicit,
    });
    if (outcome.result === 'Invalid')
      return { allowed: false, check, error, reason: 'invalid', detail: outcome.detail };
    return { allowed: false, check, error, reason: explicit ? 'explicit' : 'implicit' };
  }
  return { allowed: true };
}
