import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { StackSettings } from '#infra/config';
import { logicalIdOf, type ServiceFunction } from '#infra/function';
import { TasksStack } from '#infra/stack';

/** The stack as the tests see it: bundling skipped, so a synthesis takes seconds. */
export function synthStack(
  options: { settings?: Partial<StackSettings>; context?: Record<string, unknown> } = {},
) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const stack = new TasksStack(app, 'TestTasks', { settings: options.settings });
  return { app, stack, template: Template.fromStack(stack) };
}

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** The statements of the policies attached to a function's role. */
export function statementsOf(template: Template, fn: ServiceFunction): Statement[] {
  const roleId = logicalIdOf(fn.role);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** Every action a function's role allows, flattened. */
export function actionsOf(template: Template, fn: ServiceFunction): string[] {
  return statementsOf(template, fn)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** The resources a function's role may apply an action to. */
export function resourcesFor(template: Template, fn: ServiceFunction, action: string): unknown[] {
  return statementsOf(template, fn)
    .filter((s) => s.Effect === 'Allow' && (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

export const getAtt = (construct: Parameters<typeof logicalIdOf>[0], attribute = 'Arn') => ({
  'Fn::GetAtt': [logicalIdOf(construct), attribute],
});
export const ref = (construct: Parameters<typeof logicalIdOf>[0]) => ({ Ref: logicalIdOf(construct) });
