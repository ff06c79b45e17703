import { LambdaClient } from '@aws-sdk/client-lambda';

// One client per container, in a module of its own (the endpoint from AWS_ENDPOINT_URL_LAMBDA).
export const lambda = new LambdaClient({});
