// Smoke test of `npm start`'s runtime: the synthesized stack, in-process, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '#infra/synth';
import { type CfnTemplate, stateMachineDefinition } from '#infra/template';
import { getAttOf, readOutputs, readStateMachines, refOf } from '#local/template';
import { startTestRuntime, type TestRuntime } from '#test/helpers/runtime';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the local runtime', () => {
  it('answers a request without a key with 401 No API Key provided', async () => {
    const { status, body } = await runtime.api('POST', '/tasks', undefined, { apiKey: null });

    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 'unauthorized', message: 'No API Key provided' } });
  });

  it('answers a request with an unknown key with 401 Invalid API key', async () => {
    const { status, body } = await runtime.api('GET', '/tasks', undefined, {
      apiKey: 'dfk_unknown',
      auth: 'header',
    });

    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 'unauthorized', message: 'Invalid API key' } });
  });

  it('lists no tasks for the local key on a fresh stack', async () => {
    const { status, body } = await runtime.api('GET', '/tasks');

    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it('answers a route the stack does not have with the 404 envelope', async () => {
    const { status, body } = await runtime.api('GET', '/no/such/route');

    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('reads the same lifecycle definition as infra/synth.ts does', () => {
    const template = synthesizeTemplate() as CfnTemplate;
    const resolve = (id: string, attribute: string | undefined) =>
      attribute ? getAttOf(template, id, attribute) : refOf(template, id);

    const lifecycle = readStateMachines(template).find(
      (machine) => machine.arn === readOutputs(template).StateMachineArn,
    );

    expect(lifecycle?.definition).toEqual(stateMachineDefinition(template, resolve));
  });
});
