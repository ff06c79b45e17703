import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledge } from './function.ts';

/**
 * The deployment's key for listing cursors (`#core/cursor`): 64 random characters that Secrets
 * Manager generates at deploy, never in the template. Replacing it only turns the next-page links
 * in flight into 400s, so it is destroyed with the stack and not rotated on a schedule.
 */
export class CursorKey extends Secret {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description: 'Seals the next-page cursors of the Tasks API listings',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this,
      'AwsSolutions-SMG4',
      'A new value only invalidates next-page links in flight; rotate by hand with put-secret-value when wanted.',
    );
  }
}
