// The synthesized stack as data, for the local runtime: routes, table layout, functions and the
// state machine's definition come from the same code that deploys them.
import { rmSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { DEFAULT_STACK_NAME, TasksStack, type TasksStackProps } from './stack.ts';
import { STATE_MACHINE_METADATA } from './state-machine.ts';

export type CfnTemplate = Record<string, unknown>;

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/**
 * Synthesizes the stack in this process, without bundling the functions (seconds, not a minute),
 * and returns its CloudFormation template.
 */
export function synthesizeTemplate(props: TasksStackProps = {}): CfnTemplate {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new TasksStack(app, DEFAULT_STACK_NAME, props);
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
  rmSync(assembly.directory, { recursive: true, force: true }); // a temporary directory of its own
  return template;
}

/**
 * Resolves a CloudFormation reference in a definition: `Ref` gives no attribute,
 * `Fn::GetAtt` gives it (`Arn`). Pseudo parameters arrive as `Ref`s (`AWS::Region`).
 */
export type ReferenceResolver = (logicalId: string, attribute: string | undefined) => string;

/**
 * The definition (Amazon States Language, parsed) of one state machine of the template, by its
 * `dfk:stateMachine` metadata (default: the task lifecycle), every `Ref` and `Fn::GetAtt` in it
 * replaced by what `resolve` returns.
 */
export function stateMachineDefinition(
  template: CfnTemplate,
  resolve: ReferenceResolver,
  name = 'TaskLifecycle',
): Record<string, unknown> {
  const resources = (template.Resources ?? {}) as Record<string, CfnResource>;
  const found = Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Metadata?.[STATE_MACHINE_METADATA] === name,
  );
  if (!found) throw new Error(`No state machine named ${name} in the template`);
  const [logicalId, resource] = found;
  const definition = resource.Properties?.DefinitionString;
  if (definition === undefined) throw new Error(`State machine ${logicalId} has no DefinitionString`);
  return JSON.parse(resolveString(definition, resolve)) as Record<string, unknown>;
}

/** Flattens the intrinsic functions CDK writes into a definition: strings, Fn::Join, Ref, Fn::GetAtt. */
function resolveString(value: unknown, resolve: ReferenceResolver): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => resolveString(part, resolve)).join(separator);
    }
    if (entries.length === 1 && key === 'Ref' && typeof arg === 'string') return resolve(arg, undefined);
    if (entries.length === 1 && key === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return resolve(String(id), String(attribute));
    }
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} in a state machine definition`);
}
