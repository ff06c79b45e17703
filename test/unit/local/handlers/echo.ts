// Answers with the event it received and the settings it sees, so tests can check both.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEventV2) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-echo': 'yes' },
  cookies: ['seen=1; Path=/'],
  body: JSON.stringify({
    event,
    env: { FIXTURE_SETTING: process.env.FIXTURE_SETTING, DFK_FIXTURE: process.env.DFK_FIXTURE },
  }),
});
