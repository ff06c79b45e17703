import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EVENT_STEPS } from '#infra/deliveries';
import { logicalIdOf, type ServiceFunction } from '#infra/function';
import { ENDPOINTS } from '#infra/routes';
import { actionsOf, getAtt, ref, resourcesFor, statementsOf, synthStack } from './fixture.ts';

const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const STORE_WRITES = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

describe('least privilege', () => {
  const { stack, template } = synthStack();
  const endpoint = (id: string): ServiceFunction => {
    const fn = stack.api.functions.get(id);
    if (!fn) throw new Error(`No function ${id}`);
    return fn;
  };
  const stepFunctions = Object.entries(stack.lifecycle.steps);

  it('lets RunTask start lifecycle executions, and only of the task lifecycle', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(endpoint('RunTask').role)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:UpdateItem']) }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'states:StartExecution',
            Resource: ref(stack.lifecycle.stateMachine),
          }),
        ]),
      },
    });
  });

  it('lets CreateTask write the task, its scheme and upload link, and start it', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(endpoint('CreateTask').role)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['dynamodb:PutItem']) }),
          Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']), Resource: Match.anyValue() }),
          Match.objectLike({ Action: 'states:StartExecution' }),
        ]),
      },
    });
  });

  it('keeps GetTask read-only: no table writes, no executions, no store', () => {
    const actions = actionsOf(template, endpoint('GetTask'));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const write of TABLE_WRITES) expect(actions).not.toContain(write);
    expect(actions.filter((a) => a.startsWith('states:') || a.startsWith('s3:'))).toEqual([]);
  });

  it('gives the public API description no data access at all', () => {
    const actions = actionsOf(template, endpoint('GetOpenApi'));
    expect(actions.filter((a) => /^(dynamodb|s3|states):/.test(a))).toEqual([]);
  });

  it('gives the console no access beyond its logs and traces: no table, store, secret, execution or invoke', () => {
    const actions = actionsOf(template, stack.api.console);
    expect(actions.filter((a) => !/^(logs|xray):/.test(a))).toEqual([]);
  });

  it.each(ENDPOINTS.map((e) => [e.id, e] as const))(
    '%s has exactly the access its route entry declares',
    (id, e) => {
      const actions = actionsOf(template, endpoint(id));
      const has = (list: string[]) => list.every((a) => actions.includes(a));
      const hasAny = (list: string[]) => list.some((a) => actions.includes(a));

      expect(hasAny(['dynamodb:GetItem', 'dynamodb:Query']), 'reads the table').toBe(!e.public);
      expect(hasAny(TABLE_WRITES), 'writes the table').toBe(e.writesTable === true);
      if (e.writesTable) expect(has(TABLE_WRITES)).toBe(true);
      expect(actions.includes('s3:GetObject'), 'reads the store').toBe(
        e.readsStore === true || e.writesStore === true,
      );
      expect(hasAny(STORE_WRITES), 'writes the store').toBe(e.writesStore === true);
      expect(actions.includes('states:StartExecution'), 'starts executions').toBe(
        e.startsExecutions === true || e.emitsEvents === true,
      );
      const started = resourcesFor(template, endpoint(id), 'states:StartExecution');
      expect(started, 'starts lifecycles').toEqual(
        e.startsExecutions
          ? expect.arrayContaining([ref(stack.lifecycle.stateMachine)])
          : expect.not.arrayContaining([ref(stack.lifecycle.stateMachine)]),
      );
      expect(resourcesFor(template, endpoint(id), 'lambda:InvokeFunction'), 'invokes ExportFormat').toEqual(
        e.invokesExporter ? [getAtt(stack.api.exporter.fn)] : [],
      );
      expect(started, 'starts deliveries').toEqual(
        e.emitsEvents
          ? expect.arrayContaining([ref(stack.deliveries.stateMachine)])
          : expect.not.arrayContaining([ref(stack.deliveries.stateMachine)]),
      );
    },
  );

  it('lets GetStore invoke ExportFormat and nothing else, named in its environment; no other function invokes any', () => {
    const exporter = stack.api.exporter;
    expect(resourcesFor(template, endpoint('GetStore'), 'lambda:InvokeFunction')).toEqual([
      getAtt(exporter.fn),
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^GetStore'),
      Environment: { Variables: Match.objectLike({ EXPORT_FUNCTION_NAME: ref(exporter.fn) }) },
    });
    for (const fn of stack.functions.values()) {
      if (fn === endpoint('GetStore')) continue;
      expect(
        actionsOf(template, fn).filter((a) => a.startsWith('lambda:')),
        fn.entry,
      ).toEqual([]);
    }
  });

  it('keeps GetStore off writes: ExportFormat writes another format, reading and writing the table and the store', () => {
    const getStore = actionsOf(template, endpoint('GetStore'));
    for (const write of [...TABLE_WRITES, ...STORE_WRITES]) expect(getStore).not.toContain(write);
    expect(actionsOf(template, stack.api.exporter)).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        ...TABLE_WRITES,
        's3:GetObject',
        's3:ListBucket',
        ...STORE_WRITES,
      ]),
    );
    expect(actionsOf(template, stack.api.exporter).filter((a) => /^(states|lambda):/.test(a))).toEqual([]);
  });

  it('lets only the listing functions read the cursor key, that one secret, named in their environment', () => {
    const secret = ref(stack.cursorKey);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
    const readers = ['ListTasks', 'ListDeliveries'];
    for (const fn of stack.functions.values()) {
      const reads = resourcesFor(template, fn, 'secretsmanager:GetSecretValue');
      if (readers.includes(fn.node.id)) {
        expect(reads, fn.entry).toEqual([secret]);
        template.hasResourceProperties('AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp(`^${fn.node.id}:`),
          Environment: { Variables: Match.objectLike({ CURSOR_KEY_SECRET_ARN: secret }) },
        });
      } else {
        expect(
          actionsOf(template, fn).filter((a) => a.startsWith('secretsmanager:')),
          fn.entry,
        ).toEqual([]);
      }
    }
  });

  it('scopes table access to the tasks table and its indexes', () => {
    const tableArn = getAtt(stack.table);
    const resources = resourcesFor(template, endpoint('ListTasks'), 'dynamodb:Query');
    expect(resources).toEqual([tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }]);
  });

  it('scopes store access to the objects of the store bucket', () => {
    const bucketArn = getAtt(stack.store.bucket);
    expect(resourcesFor(template, endpoint('GetStore'), 's3:GetObject')).toEqual([
      { 'Fn::Join': ['', [bucketArn, '/*']] },
    ]);
    expect(resourcesFor(template, endpoint('GetStore'), 's3:ListBucket')).toEqual([bucketArn]);
  });

  it.each(stepFunctions)(
    'lets the %s step read and write the table and the store, and start only deliveries',
    (key, fn) => {
      const actions = actionsOf(template, fn);
      expect(actions).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:Query',
          ...TABLE_WRITES,
          's3:GetObject',
          ...STORE_WRITES,
        ]),
      );
      const emits = (EVENT_STEPS as readonly string[]).includes(key);
      expect(actions.filter((a) => a.startsWith('states:'))).toEqual(emits ? ['states:StartExecution'] : []);
      if (emits)
        expect(resourcesFor(template, fn, 'states:StartExecution')).toEqual([
          ref(stack.deliveries.stateMachine),
        ]);
    },
  );

  it('lets every function write its logs to its own log group only (no managed basic execution role)', () => {
    const resources = template.toJSON().Resources;
    for (const fn of stack.functions.values()) {
      expect(resourcesFor(template, fn, 'logs:PutLogEvents'), fn.entry).toEqual([getAtt(fn.logGroup)]);
      expect(resources[logicalIdOf(fn.role)].Properties.ManagedPolicyArns, fn.entry).toBeUndefined();
    }
  });

  it('grants no wildcard action to any function', () => {
    for (const fn of stack.functions.values()) {
      for (const action of actionsOf(template, fn)) expect(action, fn.entry).not.toMatch(/\*/);
    }
  });

  it('lets the state machine invoke its five step functions and no other', () => {
    const roleId = logicalIdOf(stack.lifecycle.stateMachine.role);
    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    ).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    const invoked = statements
      .filter((s) => s.Action === 'lambda:InvokeFunction')
      .flatMap((s) => s.Resource as unknown[])
      .filter((r) => typeof r === 'object' && r !== null && 'Fn::GetAtt' in r);
    expect(invoked).toEqual(expect.arrayContaining(stepFunctions.map(([, fn]) => getAtt(fn.fn))));
    expect(invoked).toHaveLength(stepFunctions.length);
  });

  it('attaches no policy statements to a function role that its helpers did not add', () => {
    // Every statement is explained by a helper: logs, X-Ray, table, store, lifecycle, exporter, cursor key.
    const known =
      /^(logs:(CreateLogStream|PutLogEvents)|xray:|dynamodb:|s3:|states:StartExecution|lambda:InvokeFunction$|secretsmanager:(GetSecretValue|DescribeSecret)$)/;
    for (const fn of stack.functions.values()) {
      for (const statement of statementsOf(template, fn)) {
        for (const action of [statement.Action].flat()) expect(action, fn.entry).toMatch(known);
      }
    }
  });
});
