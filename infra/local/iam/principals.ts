/**
 * Who calls the emulators: one principal per function of the synthesized stack, with the identity
 * policies of its role (intrinsics resolved as the local runtime resolves them) and credentials of
 * its own, generated at every start, which its container signs with.
 */
import { randomInt } from 'node:crypto';
import { referencedIds } from '#infra/intrinsics';
import { type CfnResource, type CfnTemplate, ENTRY_METADATA, resourcesOfType } from '#infra/template';
import { LOCAL_ACCOUNT, physicalNameOf, resolveValue } from '../template.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A policy document as IAM takes it: `{ Version, Statement }`, every intrinsic resolved. */
export type PolicyDocument = Record<string, unknown>;

export interface IdentityPolicy {
  /** The policy's logical id, or `<role>/<PolicyName>` for an inline policy of the role. */
  name: string;
  document: PolicyDocument;
}

export interface Principal {
  functionLogicalId: string;
  functionName: string;
  roleLogicalId: string;
  /** `arn:aws:iam::<account>:role/<role name>`, what `aws:PrincipalArn` holds. */
  roleArn: string;
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<function name>`, as AWS names the caller in messages. */
  arn: string;
  policies: IdentityPolicy[];
  credentials: Credentials;
}

/**
 * AWS managed policies a Lambda role may carry that grant nothing on DynamoDB, S3 or Step Functions
 * (logs, X-Ray, network interfaces): leaving them out changes no decision the gateway makes.
 */
const IRRELEVANT_MANAGED_POLICIES = new Set(
  [
    'service-role/AWSLambdaBasicExecutionRole',
    'service-role/AWSLambdaVPCAccessExecutionRole',
    'AWSXRayDaemonWriteAccess',
    'AWSXrayWriteOnlyAccess',
  ].map((name) => `arn:aws:iam::aws:policy/${name}`),
);

/** A role whose grants live outside the template, which the local runtime therefore cannot evaluate. */
export class UnsupportedRoleError extends Error {
  override readonly name = 'UnsupportedRoleError';
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const randomText = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** Credentials shaped like AWS's: a 20-character `AKIA…` key id, a 40-character secret. */
export function generateCredentials(): Credentials {
  return {
    accessKeyId: `AKIALOCAL${randomText(ALPHANUMERIC, 11)}`,
    secretAccessKey: randomText(SECRET_ALPHABET, 40),
  };
}

const isResource = (template: CfnTemplate, id: string, type: string) =>
  template.Resources?.[id]?.Type === type;

const documentOf = (template: CfnTemplate, resource: CfnResource) =>
  resolveValue(template, resource.Properties?.PolicyDocument) as PolicyDocument;

/** The role a function runs as: its `Role` is `Fn::GetAtt [<role>, Arn]` in a CDK template. */
function roleIdOf(template: CfnTemplate, functionId: string, resource: CfnResource): string {
  const roleId = referencedIds(resource.Properties?.Role).find((id) =>
    isResource(template, id, 'AWS::IAM::Role'),
  );
  if (!roleId)
    throw new UnsupportedRoleError(
      `Function ${functionId} does not reference an AWS::IAM::Role of the template; its permissions cannot be evaluated locally`,
    );
  return roleId;
}

/** Policies attached through `ManagedPolicyArns`: those of the template are read, AWS's refused unless irrelevant. */
function managedPoliciesOf(template: CfnTemplate, roleId: string, role: CfnResource): IdentityPolicy[] {
  const entries = role.Properties?.ManagedPolicyArns;
  if (!Array.isArray(entries)) return [];
  const unsupported: string[] = [];
  const policies = entries.flatMap((entry): IdentityPolicy[] => {
    const localId = referencedIds(entry).find((id) => isResource(template, id, 'AWS::IAM::ManagedPolicy'));
    if (localId) return [{ name: localId, document: documentOf(template, template.Resources![localId]!) }];
    const arn = String(resolveValue(template, entry));
    if (!IRRELEVANT_MANAGED_POLICIES.has(arn)) unsupported.push(arn);
    return [];
  });
  if (unsupported.length > 0)
    throw new UnsupportedRoleError(
      `Role ${roleId} attaches managed policies the local runtime cannot read (${unsupported.join(', ')}); ` +
        'grant through statements in the stack (a grant, or an iam.ManagedPolicy of the stack) instead',
    );
  return policies;
}

/** Every identity policy of a role: inline `Policies`, `AWS::IAM::Policy` and `::ManagedPolicy` naming it, `ManagedPolicyArns`. */
export function rolePolicies(template: CfnTemplate, roleId: string): IdentityPolicy[] {
  const role = template.Resources?.[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`The template has no role ${roleId}`);
  if (role.Properties?.PermissionsBoundary !== undefined)
    throw new UnsupportedRoleError(
      `Role ${roleId} has a permissions boundary, which the local runtime does not evaluate`,
    );
  const inline = (
    (role.Properties?.Policies as { PolicyName?: unknown; PolicyDocument?: unknown }[]) ?? []
  ).map((policy) => ({
    name: `${roleId}/${String(resolveValue(template, policy.PolicyName))}`,
    document: resolveValue(template, policy.PolicyDocument) as PolicyDocument,
  }));
  const attached = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap((type) =>
    resourcesOfType(template, type)
      .filter(([, policy]) => referencedIds(policy.Properties?.Roles).includes(roleId))
      .map(([policyId, policy]) => ({ name: policyId, document: documentOf(template, policy) })),
  );
  const managed = managedPoliciesOf(template, roleId, role);
  // A managed policy of the stack can be both in ManagedPolicyArns and name the role in its Roles.
  const seen = new Set<string>();
  return [...inline, ...attached, ...managed].filter(
    (policy) => !seen.has(policy.name) && seen.add(policy.name),
  );
}

const roleNameOf = (template: CfnTemplate, roleId: string) => {
  const name = template.Resources?.[roleId]?.Properties?.RoleName;
  return typeof name === 'string' ? name : roleId;
};

/**
 * A principal for every function that names its handler in `Metadata['dfk:entry']`. Throws an
 * UnsupportedRoleError naming the role when a role's grants cannot be read from the template.
 */
export function readPrincipals(template: CfnTemplate, account: string = LOCAL_ACCOUNT): Principal[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([functionId, resource]) => {
    if (typeof resource.Metadata?.[ENTRY_METADATA] !== 'string') return [];
    const roleLogicalId = roleIdOf(template, functionId, resource);
    const roleName = roleNameOf(template, roleLogicalId);
    const functionName = physicalNameOf(template, functionId);
    return [
      {
        functionLogicalId: functionId,
        functionName,
        roleLogicalId,
        roleArn: `arn:aws:iam::${account}:role/${roleName}`,
        arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${functionName}`,
        policies: rolePolicies(template, roleLogicalId),
        credentials: generateCredentials(),
      },
    ];
  });
}
