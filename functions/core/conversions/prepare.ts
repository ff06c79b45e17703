import { formatFromName } from '#conversion/detect';
import { type ConversionScheme, conversionIssues } from '#conversion/scheme';
import { badRequest, type FieldIssue } from '../errors.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { hasResults, type ResultFormat } from '../task.ts';
import { findTask } from '../tasks/find.ts';

/**
 * Checks at create what a valid conversion scheme may still get wrong, each a 400 on its path
 * (`scheme.options.sheet`): an option for another input format, a pair with nothing to convert,
 * an output this build cannot write, `run` with an upload that cannot have arrived yet, a source
 * task that is not an extraction. Returns the input format when it is known already.
 */
export async function prepareConversion(
  deps: { tasks: TaskRepository },
  account: string,
  scheme: ConversionScheme,
  run: boolean,
): Promise<{ from: ResultFormat | undefined }> {
  const issues: FieldIssue[] = [];
  let known: ResultFormat | undefined = scheme.from;
  if (scheme.source.taskId !== undefined) {
    const source = await findTask(deps.tasks, account, scheme.source.taskId, 'Source task');
    if (source.type !== 'extraction') {
      issues.push({ path: 'scheme.source.taskId', reason: 'The source task must be an extraction task' });
    } else if (run && !hasResults(source)) {
      // Refused before the task exists, rather than a task created and its run refused.
      issues.push({
        path: 'run',
        reason: `The source task is ${source.status} and has no results yet; create with run: false and run later`,
      });
    }
    known ??= source.format;
  } else if (scheme.source.url !== undefined) {
    known ??= formatFromName(scheme.source.url);
  }
  issues.push(
    ...conversionIssues(scheme, known).map((issue) => ({ ...issue, path: `scheme.${issue.path}` })),
  );
  if (run && scheme.source.upload) {
    issues.push({
      path: 'run',
      reason:
        'A conversion of an upload runs after the file is PUT to its upload URL; create it with run: false',
    });
  }
  const first = issues[0];
  if (first) throw badRequest(`Unsupported conversion: ${first.path}: ${first.reason}`, issues);
  return { from: known };
}
