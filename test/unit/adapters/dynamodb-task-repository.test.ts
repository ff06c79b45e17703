import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbTaskRepository } from '#adapters/aws/dynamodb-task-repository';

/** A document client that records each command's input and answers as an empty table would. */
function recordingClient() {
  const inputs: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      inputs.push(command.input);
      return { Attributes: { pk: 'task#t1', sk: 'task', id: 't1' } };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, inputs };
}

describe('DynamoDbTaskRepository update expressions', () => {
  it('saves a result without counters as one SET clause', async () => {
    const { client, inputs } = recordingClient();
    await new DynamoDbTaskRepository(client, 'T').saveResult('t1', 'csv', { key: 'k', size: 1 });
    expect(inputs[0]).toMatchObject({
      UpdateExpression: 'SET results.#format = :result',
      ExpressionAttributeNames: { '#format': 'csv' },
      ExpressionAttributeValues: { ':result': { key: 'k', size: 1 } },
    });
  });

  it('saves a result with its counters, leaving out those not given', async () => {
    const { client, inputs } = recordingClient();
    await new DynamoDbTaskRepository(client, 'T').saveResult(
      't1',
      'xml',
      { key: 'k', size: 2 },
      { records: 3, fileSize: undefined },
    );
    expect(inputs[0]).toMatchObject({
      UpdateExpression: 'SET results.#format = :result, #records = :records',
      ExpressionAttributeNames: { '#format': 'xml', '#records': 'records' },
      ExpressionAttributeValues: { ':result': { key: 'k', size: 2 }, ':records': 3 },
    });
  });
});

describe('DynamoDbTaskRepository progress', () => {
  it('writes the task’s counters only, conditional on running, whatever else the caller passes', async () => {
    const { client, inputs } = recordingClient();
    const crawlCounters = { requests: 4, failedRequests: 1, skippedRequests: 0, pagesDone: 2, records: 7 };
    await new DynamoDbTaskRepository(client, 'T').recordProgress('t1', crawlCounters);
    expect(inputs[0]).toMatchObject({
      UpdateExpression:
        'SET #requests = :requests, #failedRequests = :failedRequests, #skippedRequests = :skippedRequests, #records = :records',
      ConditionExpression: '#status IN (:status0)',
      ExpressionAttributeValues: expect.objectContaining({ ':records': 7, ':status0': 'running' }),
    });
    expect(JSON.stringify(inputs[0])).not.toContain('pagesDone');
  });

  it('writes a batch’s last counters while running or once cancelled', async () => {
    const { client, inputs } = recordingClient();
    await new DynamoDbTaskRepository(client, 'T').recordBatchCounters('t1', {
      requests: 4,
      failedRequests: 0,
    });
    expect(inputs[0]).toMatchObject({
      ConditionExpression: '#status IN (:status0, :status1)',
      ExpressionAttributeValues: expect.objectContaining({ ':status0': 'running', ':status1': 'cancelled' }),
    });
  });
});
