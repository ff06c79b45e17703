import { lambda } from '#adapters/aws/clients/lambda';
import { LambdaFormatExporter } from '#adapters/aws/lambda-format-exporter';
import { requireEnv } from '../config.ts';

/** The ExportFormat function, invoked synchronously (`useExporter` sets EXPORT_FUNCTION_NAME). */
export const formatExporter = () => new LambdaFormatExporter(lambda, requireEnv('EXPORT_FUNCTION_NAME'));
