import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * An UpdateItem whose condition may not hold: the item's new attributes (`{}` unless
 * `ReturnValues` asks for them), or null when the condition failed. Other errors are thrown.
 */
export async function conditionalUpdate(
  client: DynamoDBDocumentClient,
  input: UpdateCommandInput,
): Promise<Record<string, unknown> | null> {
  try {
    const { Attributes } = await client.send(new UpdateCommand(input));
    return Attributes ?? {};
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}
