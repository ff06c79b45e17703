import { notFound } from '#core/errors';
import { ID_PATTERN } from '#core/ids';

// Path parameters, checked without a schema library.

/** Any id that is not one of ours names no task: a 404, like an id that does not exist. */
export function taskIdOf(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!ID_PATTERN.test(id)) throw notFound();
  return id;
}

/** An id that is not one of ours names no endpoint: a 404, like an id that does not exist. */
export function webhookIdOf(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!ID_PATTERN.test(id)) throw notFound('Webhook endpoint');
  return id;
}
