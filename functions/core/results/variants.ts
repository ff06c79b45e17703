import { createHash } from 'node:crypto';
import { type ExportOptions, hasExportOptions } from '#conversion/export-options';
import { canonicalJson } from '../canonical-json.ts';
import type { TaskStore } from '../ports/store.ts';
import { storeKeys } from '../store-keys.ts';
import type { ResultFormat, StoredResult, Task } from '../task.ts';

/**
 * A result with export options, kept in the store beside the task's own files rather than on its
 * item (which a client could otherwise grow without bound): its manifest, written after the file.
 */
export interface VariantManifest extends StoredResult {
  format: ResultFormat;
  options: ExportOptions;
}

/** The id of a format with canonical options (`exportOptionsFor`): the same set is the same file. */
export const variantId = (format: ResultFormat, options: ExportOptions) =>
  createHash('md5').update(canonicalJson({ format, options })).digest('hex');

/** The file already made for this format and these canonical options, or null. */
export async function storedResult(
  store: TaskStore,
  task: Task,
  format: ResultFormat,
  options: ExportOptions,
): Promise<StoredResult | null> {
  if (!hasExportOptions(options)) return task.results[format] ?? null;
  const manifest = await store.getJson<VariantManifest>(
    storeKeys.variantManifest(task.storeID, variantId(format, options)),
  );
  if (manifest === null) return null;
  return { key: manifest.key, size: manifest.size, ...(manifest.md5 ? { md5: manifest.md5 } : {}) };
}
