import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

// One client per container (the endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER).
export const secretsManager = new SecretsManagerClient({});
