// Cold-start baseline (a): a bare handler with the DynamoDB document client only (the functions'
// own client module), doing one trivial call. `bench/coldstart/main.ts` bundles it like a function.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#adapters/aws/clients/dynamodb';

export const handler = async () => {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'baseline', sk: 'baseline' } }),
  );
  return { statusCode: 200, body: JSON.stringify({ found: Item !== undefined }) };
};
