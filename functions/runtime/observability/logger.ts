import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of every function; keys and secrets are never passed to it. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dataflow-tasks' });
