/** The port to the deployment's cursor secret (a Secrets Manager secret in AWS): its value, read when first needed. */
export type CursorSecret = () => Promise<string>;
