import { SFNClient } from '@aws-sdk/client-sfn';

// One client per container, in a module of its own (the endpoint from AWS_ENDPOINT_URL_SFN).
export const sfn = new SFNClient({});
