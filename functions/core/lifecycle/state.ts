/** The state that travels between lifecycle steps: pointers only, never data. */
export interface LifecycleState {
  taskId: string;
  storeID?: string;
  type?: 'extraction' | 'conversion';
  proceed?: boolean;
  batch?: number;
  done?: boolean;
  failure?: { Error?: string; Cause?: string };
}
