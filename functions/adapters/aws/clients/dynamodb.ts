import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// One client per container, in a module of its own so a function bundles only the clients it uses;
// the endpoint comes from the SDK's AWS_ENDPOINT_URL_DYNAMODB.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
