import { describe, expect, it } from 'vitest';
import { allStates, lambdaTasksOf, waitMillisecondsOf, withFunctionTimeouts } from '#local/asl';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:';

const definition = {
  StartAt: 'Direct',
  States: {
    Direct: { Type: 'Task', Resource: `${FN}Step`, Next: 'Invoke' },
    Invoke: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `${FN}Other:$LATEST`, 'Payload.$': '$' },
      TimeoutSeconds: 5,
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Inner',
        States: { Inner: { Type: 'Task', Resource: `${FN}Inner`, End: true } },
      },
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } }],
      End: true,
    },
  },
};

describe('allStates', () => {
  it('includes the states of Map item processors and Parallel branches', () => {
    expect(allStates(definition).map(([name]) => name)).toEqual([
      'Direct',
      'Invoke',
      'Each',
      'Inner',
      'Both',
      'Left',
    ]);
  });
});

describe('lambdaTasksOf', () => {
  it('finds direct and lambda:invoke Task states, nested ones included, by unqualified ARN', () => {
    expect(Object.fromEntries(lambdaTasksOf(definition))).toEqual({
      Direct: { functionArn: `${FN}Step`, style: 'direct' },
      Invoke: { functionArn: `${FN}Other`, style: 'invoke' },
      Inner: { functionArn: `${FN}Inner`, style: 'direct' },
    });
  });
});

describe('withFunctionTimeouts', () => {
  it("gives Task states without a timeout their function's timeout, on a copy", () => {
    const timed = withFunctionTimeouts(definition, (arn) =>
      arn.endsWith('Step') ? 300 : 60,
    ) as typeof definition;

    expect(timed.States.Direct).toMatchObject({ TimeoutSeconds: 300 });
    expect(timed.States.Invoke.TimeoutSeconds).toBe(5);
    expect(timed.States.Each.ItemProcessor.States.Inner).toMatchObject({ TimeoutSeconds: 60 });
    expect(definition.States.Direct).not.toHaveProperty('TimeoutSeconds');
  });
});

describe('waitMillisecondsOf', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads Seconds, SecondsPath, Timestamp and TimestampPath, after InputPath', () => {
    expect(waitMillisecondsOf({ Type: 'Wait', Seconds: 5 }, {}, now)).toBe(5_000);
    expect(waitMillisecondsOf({ Type: 'Wait', SecondsPath: '$.waitSeconds' }, { waitSeconds: 2 }, now)).toBe(
      2_000,
    );
    expect(
      waitMillisecondsOf(
        { Type: 'Wait', InputPath: '$.retry', SecondsPath: '$.s' },
        { retry: { s: 3 } },
        now,
      ),
    ).toBe(3_000);
    expect(waitMillisecondsOf({ Type: 'Wait', Timestamp: '2025-01-01T00:01:00Z' }, {}, now)).toBe(60_000);
    expect(
      waitMillisecondsOf({ Type: 'Wait', TimestampPath: '$.at' }, { at: '2024-12-31T00:00:00Z' }, now),
    ).toBe(0);
  });

  it('cannot tell a path it does not follow', () => {
    expect(
      waitMillisecondsOf({ Type: 'Wait', SecondsPath: '$.list[0]' }, { list: [1] }, now),
    ).toBeUndefined();
    expect(waitMillisecondsOf({ Type: 'Wait', SecondsPath: '$.missing' }, {}, now)).toBeUndefined();
  });
});
