// The synthesized stack as data, for the local runtime: routes, table layout, functions and the
// state machine's definition come from the same code that deploys them.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { BUNDLE_CACHE_CONTEXT, rememberAssets } from './bundle-cache.ts';
import { ENTRY_METADATA } from './function.ts';
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

/** A synthesized cloud assembly on disk: the template and the staged, bundled function assets. */
export interface Assembly {
  /** The assembly directory; each function's asset is a folder in it (`aws:asset:path`). */
  directory: string;
  template: CfnTemplate;
}

/**
 * Synthesizes the stack with every function bundled as `cdk deploy` bundles it, into `outdir`
 * (kept between runs: a function whose inputs did not change is not bundled again), and removes
 * the assets no function uses any more.
 */
export function synthesizeAssembly(options: { outdir: string; props?: TasksStackProps }): Assembly {
  const directory = resolve(options.outdir);
  const app = new App({
    outdir: directory,
    context: {
      'aws:cdk:enable-asset-metadata': true,
      [BUNDLE_CACHE_CONTEXT]: join(directory, '.bundle-cache'),
    },
  });
  const stack = new TasksStack(app, DEFAULT_STACK_NAME, options.props);
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
  const assets = functionAssets(template);
  rememberAssets(join(directory, '.bundle-cache'), assets);
  const used = new Set(assets.map((asset) => asset.assetPath));
  for (const name of readdirSync(directory))
    if (name.startsWith('asset.') && !used.has(name))
      rmSync(join(directory, name), { recursive: true, force: true });
  return { directory, template };
}

/** Each function's handler module (`dfk:entry`) and the asset folder its code was staged in. */
export function functionAssets(template: CfnTemplate): { entry: string; assetPath: string }[] {
  const resources = (template.Resources ?? {}) as Record<string, CfnResource>;
  return Object.values(resources).flatMap((resource) => {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    const assetPath = resource.Metadata?.['aws:asset:path'];
    return resource.Type === 'AWS::Lambda::Function' &&
      typeof entry === 'string' &&
      typeof assetPath === 'string'
      ? [{ entry, assetPath }]
      : [];
  });
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
