// IAM as AWS enforces it, locally: each function calls DynamoDB, S3 and Step Functions with
// credentials of its own, authorized against its role as synthesized, and presigned links are
// verified as S3 verifies them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import type { Assembly } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import { booksScheme } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { startTestRuntime, type TestRuntime, testAssembly } from '#test/helpers/runtime';
import { isFinished, pollTask } from '#test/helpers/tasks';

type Statement = { Action: string | string[]; Resource: unknown };
type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
>;

/** The template with one action removed from the role policy of the function built from `entry`. */
function withoutGrant(assembly: Assembly, entry: string, action: string): Assembly {
  const template = structuredClone(assembly.template) as CfnTemplate;
  const resources = template.Resources as Resources;
  const fn = Object.values(resources).find((r) => r.Metadata?.['dfk:entry'] === entry);
  if (!fn) throw new Error(`No function is built from ${entry}`);
  const role = fn.Properties?.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = role['Fn::GetAtt'][0];
  let removed = 0;
  for (const resource of Object.values(resources)) {
    const roles = resource.Properties?.Roles as { Ref: string }[] | undefined;
    if (resource.Type !== 'AWS::IAM::Policy' || !roles?.some((role) => role.Ref === roleId)) continue;
    const document = resource.Properties?.PolicyDocument as { Statement: Statement[] };
    for (const statement of document.Statement) {
      const actions = [statement.Action].flat();
      if (!actions.includes(action)) continue;
      statement.Action = actions.filter((a) => a !== action);
      removed++;
    }
  }
  expect(removed).toBeGreaterThan(0);
  return { directory: assembly.directory, template };
}

let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite({ pages: 1, perPage: 2 });
});
afterAll(async () => {
  await site.close();
});

describe('a grant missing from the stack', () => {
  let runtime: TestRuntime;
  afterAll(async () => {
    await runtime?.stop();
  });

  it('fails the call locally as in AWS, and works once the grant is back', async () => {
    const assembly = testAssembly();
    runtime = await startTestRuntime({
      assembly: withoutGrant(assembly, 'functions/api/get-task.ts', 'dynamodb:GetItem'),
    });
    const created = await runtime.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(site),
    });
    const refused = await runtime.api('GET', `/tasks/${created.body.id}`);
    const logged = runtime.logs.join('\n');
    await runtime.stop();

    const restored = await startTestRuntime({ assembly });
    const again = await restored.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(site),
    });
    const allowed = await restored.api<TaskView>('GET', `/tasks/${again.body.id}`);
    await restored.stop();

    expect(created.status).toBe(201);
    expect(refused.status).toBe(500);
    expect(refused.body).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(logged).toMatch(
      /\[iam dynamodb\] \S*GetTask\S*: dynamodb:GetItem on arn:aws:dynamodb:us-east-1:000000000000:table\/\S+: AccessDeniedException/,
    );
    expect(logged).toContain('AccessDeniedException');
    expect(allowed.status).toBe(200);
    expect(allowed.body.id).toBe(again.body.id);
  });
});

describe('a presigned link', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    // Links live 5 s here, so one can be seen expire.
    runtime = await startTestRuntime({ env: { POWERTOOLS_LOG_LEVEL: 'WARN', DFK_LINK_TTL_SECONDS: '5' } });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const completedTask = async () => {
    const { body } = await runtime.api<TaskView>('POST', '/tasks/create', {
      type: 'extraction',
      scheme: booksScheme(site),
      run: true,
    });
    await pollTask(runtime.api, body.id, isFinished);
    const store = await runtime.api<{ url: string }>('POST', `/tasks/${body.id}/store`);
    return { id: body.id, url: new URL(store.body.url) };
  };

  it('serves its object, and is refused when its key is edited to reach another task', async () => {
    const mine = await completedTask();
    const other = await completedTask();
    const edited = new URL(mine.url);
    // The key starts with the task's storeID: put the other task's there, keep the signature.
    const [, bucket, myPrefix] = mine.url.pathname.split('/');
    const [, , otherPrefix] = other.url.pathname.split('/');
    edited.pathname = mine.url.pathname.replace(`/${bucket}/${myPrefix}/`, `/${bucket}/${otherPrefix}/`);

    const served = await fetch(mine.url);
    const refused = await fetch(edited);

    expect(myPrefix).not.toBe(otherPrefix);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('"');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('is refused once it has expired', async () => {
    const { url } = await completedTask();
    expect(url.searchParams.get('X-Amz-Expires')).toBe('5');
    await new Promise((resolve) => setTimeout(resolve, 6_000));

    const response = await fetch(url);

    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired/);
  });
});
