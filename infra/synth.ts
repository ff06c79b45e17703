// Synthesizes the stack in this process: its template alone, or its cloud assembly with every
// function bundled, which the local runtime runs.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { BUNDLE_CACHE_CONTEXT, rememberAssets } from './bundle-cache.ts';
import { TasksStack, type TasksStackProps } from './stack.ts';
import { DEFAULT_STACK_NAME } from './stack-name.ts';
import { ASSET_PATH_METADATA, type CfnTemplate, ENTRY_METADATA, resourcesOfType } from './template.ts';

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

/** Where an assembly's bundle cache lives (`infra/bundle-cache.ts`): inside the assembly folder. */
export const bundleCacheOf = (assemblyDir: string): string => join(assemblyDir, '.bundle-cache');

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
      [BUNDLE_CACHE_CONTEXT]: bundleCacheOf(directory),
    },
  });
  const stack = new TasksStack(app, DEFAULT_STACK_NAME, options.props);
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
  const assets = functionAssets(template);
  rememberAssets(bundleCacheOf(directory), assets);
  const used = new Set(assets.map((asset) => asset.assetPath));
  for (const name of readdirSync(directory))
    if (name.startsWith('asset.') && !used.has(name))
      rmSync(join(directory, name), { recursive: true, force: true });
  return { directory, template };
}

/** Each function's handler module (`dfk:entry`) and the asset folder its code was staged in. */
export function functionAssets(template: CfnTemplate): { entry: string; assetPath: string }[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([, resource]) => {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    const assetPath = resource.Metadata?.[ASSET_PATH_METADATA];
    return typeof entry === 'string' && typeof assetPath === 'string' ? [{ entry, assetPath }] : [];
  });
}
