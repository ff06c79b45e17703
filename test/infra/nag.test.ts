import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it, vi } from 'vitest';
import { synthStack } from './fixture.ts';

type Acknowledgment = { path: string; id: string; reason: string };

function acknowledgmentsOf(root: IConstruct): Acknowledgment[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

const findings = (root: IConstruct) =>
  new AwsSolutionsChecks()
    .validateScope(root)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity, path: r.constructPath })),
    );

describe('cdk-nag AWS Solutions checks', () => {
  const { stack } = synthStack();

  it('find nothing unacknowledged, error or warning', () => {
    expect(findings(stack)).toEqual([]);
  });

  it('leave no error or warning annotations on the stack', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  const acknowledgments = acknowledgmentsOf(stack);

  it('acknowledge only these kinds of findings, each with a reason a reviewer can check', () => {
    const kinds = [...new Set(acknowledgments.map((a) => a.id.replace(/<[^>]+>/, '<…>')))].sort();
    expect(kinds).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::<…>/*]',
      'AwsSolutions-IAM5[Resource::<…>/index/*]',
      'AwsSolutions-IAM5[Resource::<…>:*]',
      'AwsSolutions-SMG4',
    ]);
    for (const { id, reason } of acknowledgments) {
      expect(reason.length, id).toBeGreaterThan(60);
      expect(reason, id).not.toMatch(/todo|tbd|fixme/i);
    }
  });

  it('acknowledge only findings that would otherwise be raised (no stale acknowledgment)', () => {
    const acknowledge = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => {});
    let raw: ReturnType<typeof findings>;
    try {
      raw = findings(synthStack().stack);
    } finally {
      acknowledge.mockRestore();
    }
    expect(raw.length).toBeGreaterThanOrEqual(acknowledgments.length);
    for (const { path, id } of acknowledgments) {
      const relative = path.replace(/^TestTasks\//, '');
      const hit = raw.some(
        (f) =>
          f.rule === id &&
          String(f.path)
            .replace(/^TestTasks\//, '')
            .startsWith(`${relative}/`),
      );
      expect(hit, `${id} at ${path}`).toBe(true);
    }
  });
});
