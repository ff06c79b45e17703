import type { Renderer } from '../task.ts';

/** The state that travels between lifecycle steps: pointers only, never data. */
export interface LifecycleState {
  taskId: string;
  storeID?: string;
  type?: 'extraction' | 'conversion';
  /** `chrome`: the extraction's batches run in the browser step. */
  renderer?: Renderer;
  proceed?: boolean;
  batch?: number;
  done?: boolean;
  failure?: { Error?: string; Cause?: string };
}
