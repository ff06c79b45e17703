import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { type ExportOptions, hasExportOptions } from '#conversion/export-options';
import type { ExportFormatEvent, FormatExporter } from '#core/ports/format-exporter';
import type { ResultFormat, StoredResult } from '#core/task';
import { carriedApiError, ExportFailedError } from './carried-error.ts';

/**
 * The export function invoked synchronously (RequestResponse). A function error (`FunctionError`
 * in the response, `{errorType, errorMessage}` in the payload) that carries one of our 4xx
 * `ApiError`s is thrown as that error; any other is an `ExportFailedError`, which the API answers
 * with 500. SDK errors (throttling, access) propagate as they are, also a 500.
 */
export class LambdaFormatExporter implements FormatExporter {
  private readonly client: LambdaClient;
  private readonly functionName: string;

  constructor(client: LambdaClient, functionName: string) {
    this.client = client;
    this.functionName = functionName;
  }

  async export(taskId: string, format: ResultFormat, options?: ExportOptions): Promise<StoredResult> {
    const event: ExportFormatEvent = {
      taskId,
      format,
      ...(options && hasExportOptions(options) ? { options } : {}),
    };
    const response = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'RequestResponse',
        Payload: JSON.stringify(event),
      }),
    );
    const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
    const payload = parse(text);
    if (response.FunctionError) {
      const { errorType, errorMessage } = (payload ?? {}) as { errorType?: unknown; errorMessage?: unknown };
      const carried = carriedApiError(errorType, errorMessage);
      if (carried) throw carried;
      throw new ExportFailedError(
        this.functionName,
        typeof errorType === 'string' ? errorType : response.FunctionError,
        typeof errorMessage === 'string' ? errorMessage : text,
      );
    }
    const result = payload as Partial<StoredResult> | undefined;
    if (typeof result?.key !== 'string' || typeof result.size !== 'number')
      throw new ExportFailedError(
        this.functionName,
        'InvalidResult',
        `not {key, size}: ${text.slice(0, 200)}`,
      );
    return {
      key: result.key,
      size: result.size,
      ...(typeof result.md5 === 'string' ? { md5: result.md5 } : {}),
    };
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
