import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { adminDynamoDb, type Emulator, ensureTables, startDynamoDb } from '#local/emulators';

export const TABLE = 'webhook-slots';

/** dynalite in memory, with a table keyed as the stack's (`pk`, `sk`). */
export async function startTable(): Promise<Emulator> {
  const dynamodb = await startDynamoDb({ port: 0 });
  await ensureTables(dynamodb.endpoint, [
    {
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    },
  ]);
  return dynamodb;
}

/** What becomes of a call: it fails, or it never answers (the function died while it was sent). */
export type Fault = 'fail' | 'hang' | undefined;

/** A document client of the table; `fault` sees each call's command name and marshalled input. */
export function tableClient(
  endpoint: string,
  fault: (command: string, input: string) => Fault = () => undefined,
) {
  const client = adminDynamoDb(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const outcome = fault(context.commandName ?? '', JSON.stringify(args.input));
      if (outcome === 'hang') return new Promise<never>(() => {});
      if (outcome === 'fail') throw new Error(`${context.commandName} failed`);
      return next(args);
    },
    { step: 'initialize', name: 'fault' },
  );
  return DynamoDBDocumentClient.from(client);
}
