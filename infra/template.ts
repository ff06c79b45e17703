/**
 * The synthesized CloudFormation template as data: its types, the metadata keys the stack writes
 * for the local runtime and the tests, and its state machine definitions. Pure: no CDK, no I/O.
 */
import { asString, evaluate, type ReferenceResolver } from './intrinsics.ts';

/** Metadata on each `AWS::Lambda::Function`: its handler module, relative to the repository root. */
export const ENTRY_METADATA = 'dfk:entry';
/** Metadata on the `AWS::StepFunctions::StateMachine`: which of the stack's state machines it is. */
export const STATE_MACHINE_METADATA = 'dfk:stateMachine';
/** CDK's metadata on a resource with an asset: the asset's folder in the cloud assembly. */
export const ASSET_PATH_METADATA = 'aws:asset:path';

/** The `dfk:stateMachine` name of the task lifecycle. */
export const LIFECYCLE_NAME = 'TaskLifecycle';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

// A type, not an interface, so a template is also a `Record<string, unknown>`.
export type CfnTemplate = {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
};

/** [logicalId, resource] of every resource of one type, in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

/** A state machine resource's definition (Amazon States Language, parsed), every reference resolved. */
export function definitionOf(
  logicalId: string,
  resource: CfnResource,
  resolve: ReferenceResolver,
): Record<string, unknown> {
  const properties = resource.Properties ?? {};
  if (properties.DefinitionString === undefined) {
    if (properties.Definition === undefined) throw new Error(`State machine ${logicalId} has no definition`);
    return evaluate(properties.Definition, resolve) as Record<string, unknown>;
  }
  let text = asString(evaluate(properties.DefinitionString, resolve));
  const substitutions = properties.DefinitionSubstitutions as Record<string, unknown> | undefined;
  // Only the listed names are substitutions; any other `${…}` in the definition stays as it is.
  for (const [key, value] of Object.entries(substitutions ?? {}))
    text = text.replaceAll(`\${${key}}`, asString(evaluate(value, resolve)));
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The definition of one state machine of the template, by its `dfk:stateMachine` metadata
 * (default: the task lifecycle), every `Ref` and `Fn::GetAtt` in it replaced by what `resolve` returns.
 */
export function stateMachineDefinition(
  template: CfnTemplate,
  resolve: ReferenceResolver,
  name = LIFECYCLE_NAME,
): Record<string, unknown> {
  const found = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').find(
    ([, resource]) => resource.Metadata?.[STATE_MACHINE_METADATA] === name,
  );
  if (!found) throw new Error(`No state machine named ${name} in the template`);
  return definitionOf(found[0], found[1], resolve);
}
