// A function that does what Lambda must survive, by the event's `do`: time out, exit, crash, leak.
export const handler = async (event: { do?: string; ms?: number }) => {
  switch (event.do) {
    case 'sleep':
      await new Promise((resolve) => setTimeout(resolve, event.ms ?? 60_000));
      return { slept: event.ms };
    case 'exit':
      process.exit(3);
      break;
    case 'crash':
      setTimeout(() => {
        throw new RangeError('thrown outside the handler');
      }, 0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return 'not reached';
    case 'grow': {
      const kept: number[][] = [];
      for (;;) kept.push(new Array(1_000_000).fill(kept.length));
    }
    case 'env':
      return {
        env: process.env,
        pid: process.pid,
        heapLimit: (await import('node:v8')).getHeapStatistics().heap_size_limit,
      };
    case 'big':
      return 'x'.repeat(7 * 1024 * 1024);
    default:
      return { pid: process.pid, nothing: undefined };
  }
};
