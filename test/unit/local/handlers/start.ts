// Starts an execution named by the path, as the run handler does, and reports what the SDK said.
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const sfn = new SFNClient({});

export const handler = async (event: APIGatewayProxyEventV2) => {
  try {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: process.env.STATE_MACHINE_ARN,
        name: event.pathParameters?.name,
        input: event.body ?? '{}',
      }),
    );
    return { statusCode: 200, body: JSON.stringify({ executionArn }) };
  } catch (error) {
    return { statusCode: 409, body: JSON.stringify({ error: (error as Error).name }) };
  }
};
