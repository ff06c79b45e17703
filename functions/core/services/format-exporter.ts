import { lambda } from '../clients/lambda.ts';
import { requireEnv } from '../config.ts';
import { LambdaFormatExporter } from '../lambda-format-exporter.ts';

/** The ExportFormat function, invoked synchronously (`useExporter` sets EXPORT_FUNCTION_NAME). */
export const formatExporter = () => new LambdaFormatExporter(lambda, requireEnv('EXPORT_FUNCTION_NAME'));
