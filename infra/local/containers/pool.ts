/**
 * The containers of one function, as Lambda scales them: a warm idle container takes the next
 * invocation, a concurrent one gets a new container (up to a bound; beyond it invocations wait),
 * and a container idle for a while is stopped.
 */
import { Container, type ContainerLog, type ContainerSpec } from './container.ts';

export interface PoolOptions {
  /** Containers of this function at most (Lambda's concurrency, bounded for one machine). */
  maxContainers: number;
  /** A container idle this long is stopped. */
  idleMs: number;
  /** Each line the function's processes print. */
  log: ContainerLog;
  /** Called once per container started, with its cold start. */
  onColdStart?(container: Container): void;
}

interface Idle {
  container: Container;
  timer: NodeJS.Timeout;
}

export class FunctionPool {
  readonly spec: ContainerSpec;
  private readonly options: PoolOptions;
  private readonly idle: Idle[] = [];
  /** Invocations waiting for a container: each is handed a released one, or one started in its place. */
  private readonly waiting: ((lease: Promise<Container>) => void)[] = [];
  /** Containers handed to an invocation (from the moment they are handed, so `size` never undercounts). */
  private readonly running = new Set<Container>();
  private starting = 0;
  private stopped = false;
  /** Every container started so far (cold starts). */
  coldStarts = 0;

  constructor(spec: ContainerSpec, options: PoolOptions) {
    this.spec = spec;
    this.options = options;
  }

  get size(): number {
    return this.idle.length + this.running.size + this.starting;
  }

  async invoke(event: unknown): Promise<unknown> {
    const container = await this.acquire();
    try {
      return await container.invoke(event);
    } finally {
      this.running.delete(container);
      this.release(container);
    }
  }

  /** An idle container, else a new one while under the bound, else the next one released. */
  private async acquire(): Promise<Container> {
    if (this.stopped) throw new Error(`${this.spec.name} is stopped`);
    const warm = this.idle.pop();
    if (warm) {
      clearTimeout(warm.timer);
      this.running.add(warm.container);
      return warm.container;
    }
    if (this.size < this.options.maxContainers) return this.start();
    const lease = await new Promise<Promise<Container>>((resolve) => this.waiting.push(resolve));
    return lease;
  }

  private async start(): Promise<Container> {
    this.starting++;
    try {
      const container = await Container.start(this.spec, this.options.log);
      this.running.add(container);
      this.coldStarts++;
      this.options.onColdStart?.(container);
      return container;
    } finally {
      this.starting--;
    }
  }

  private release(container: Container): void {
    const next = this.waiting.shift();
    if (this.stopped || !container.alive) {
      void container.stop();
      // A new container in the freed place, for the next invocation waiting.
      next?.(this.stopped ? Promise.reject(new Error(`${this.spec.name} is stopped`)) : this.start());
      return;
    }
    if (next) {
      this.running.add(container);
      next(Promise.resolve(container));
      return;
    }
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((entry) => entry.container === container);
      if (index >= 0) this.idle.splice(index, 1);
      void container.stop();
    }, this.options.idleMs);
    timer.unref();
    this.idle.push({ container, timer });
  }

  /** Stops every container; invocations still running fail as their process ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const resolve of this.waiting.splice(0))
      resolve(Promise.reject(new Error(`${this.spec.name} is stopped`)));
    const idle = this.idle.splice(0);
    for (const entry of idle) clearTimeout(entry.timer);
    await Promise.all([
      ...idle.map((entry) => entry.container.stop()),
      ...[...this.running].map((c) => c.stop()),
    ]);
  }
}
