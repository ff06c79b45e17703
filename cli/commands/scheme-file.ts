import { readFile } from 'node:fs/promises';
import type { ExtractionScheme, TaskWebhook } from '#client/index';
import { UsageError } from '../failure.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The collection scheme in a JSON file, or a whole create body (`{"scheme": …, "webhook": …}`).
 * Only its shape as JSON is checked here: the service validates the scheme, a 400 naming each field.
 */
export async function readSchemeFile(
  path: string,
): Promise<{ scheme: ExtractionScheme; webhook?: TaskWebhook }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new UsageError(`${path} must hold a JSON object: the collection scheme`);
  const body = isObject(value.scheme) ? value : { scheme: value };
  return body as { scheme: ExtractionScheme; webhook?: TaskWebhook };
}
