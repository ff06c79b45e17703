// Every deployed artifact boots in a process of its own and handles a representative event: the
// bundles `cdk deploy` ships, run from the test assembly, each invoked once against the emulators.
// (14 of 21 bundles once threw at import; no test that imported the sources could see it.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_METADATA, resourcesOfType } from '#infra/template';
import { readFunctions } from '#local/template';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { startTestRuntime, type TestRuntime, testAssembly } from '#test/helpers/runtime';
import {
  bodyOf,
  failureOf,
  invokeSamples,
  type SampleOutcome,
  sampleEntries,
} from '#test/helpers/sample-events';
import { startWebhookReceiver, type WebhookReceiver } from '#test/helpers/webhook-receiver';

const assembly = testAssembly();
const functions = readFunctions(assembly.template);

let runtime: TestRuntime;
let site: FixtureSite;
let receiver: WebhookReceiver;
let outcomes: SampleOutcome[];

beforeAll(async () => {
  site = await startFixtureSite({ pages: 1, perPage: 3 });
  receiver = await startWebhookReceiver();
  runtime = await startTestRuntime({ assembly });
  outcomes = await invokeSamples({
    runtime,
    template: assembly.template,
    siteUrl: site.startUrl,
    webhookUrl: receiver.url('/hooks/artifacts'),
  });
  // Nothing should run behind the samples' back; if something does, let it end before counting.
  await runtime.executions.settled();
});

afterAll(async () => {
  await runtime?.stop();
  await site?.close();
  await receiver?.close();
});

describe('the deployed artifacts', () => {
  it('have a sample event for every function of the template', () => {
    const withEntry = resourcesOfType(assembly.template, 'AWS::Lambda::Function').filter(
      ([, resource]) => typeof resource.Metadata?.[ENTRY_METADATA] === 'string',
    );

    expect(functions).toHaveLength(withEntry.length);
    expect([...sampleEntries()].sort()).toEqual(functions.map((fn) => fn.entry).sort());
    expect(outcomes.map((outcome) => outcome.logicalId).sort()).toEqual(
      functions.map((fn) => fn.logicalId).sort(),
    );
  });

  it('each boot and handle their sample without failing at init or in the runtime', () => {
    const failures = outcomes.flatMap((outcome) => {
      const failure = failureOf(outcome);
      return failure ? [`${outcome.logicalId} (${outcome.entry}): ${failure}`] : [];
    });

    expect(failures).toEqual([]);
  });

  it('answer each API sample as the endpoint answers when it works', () => {
    const unexpected = outcomes
      .filter((outcome) => outcome.kind === 'api' && outcome.statusCode !== outcome.expectedStatus)
      .map(
        (outcome) =>
          `${outcome.entry}: ${outcome.statusCode ?? outcome.error?.name} instead of ${outcome.expectedStatus}: ${bodyOf(outcome.result) || outcome.error?.message}`,
      );

    expect(unexpected).toEqual([]);
  });

  it('start exactly one container each, the one their sample ran in', () => {
    const starts = new Map<string, number>();
    for (const start of runtime.functions.coldStarts)
      starts.set(start.function, (starts.get(start.function) ?? 0) + 1);

    expect(Object.fromEntries(starts)).toEqual(Object.fromEntries(functions.map((fn) => [fn.logicalId, 1])));
  });

  it('delivered the webhook sample to the receiver', () => {
    expect(receiver.received('/hooks/artifacts')).toHaveLength(1);
  });
});
