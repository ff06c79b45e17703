// `npm start`: the whole stack on this machine. PORT (8080), DFK_API_KEY, DFK_DATA_DIR (.dfk),
// DFK_ASSEMBLY_DIR (where the stack is synthesized and bundled, kept between starts).
import { startLocalRuntime } from './runtime.ts';

const port = process.env.PORT ? Number(process.env.PORT) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number, not "${process.env.PORT}"\n`);
  process.exit(2);
}

let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    port,
    apiKey: process.env.DFK_API_KEY || undefined,
    dataDir: process.env.DFK_DATA_DIR || '.dfk',
    assemblyDir: process.env.DFK_ASSEMBLY_DIR || undefined,
  });
} catch (error) {
  process.stderr.write(`The local stack did not start: ${(error as Error).message}\n`);
  process.exit(1);
}

// The key is the user's own local key: printing it is the point.
process.stdout.write(
  `Tasks API listening on ${runtime.baseUrl}\nConsole: ${runtime.endpoints.api}/console\nAPI key: ${runtime.apiKey}\n`,
);

// In Lambda a stray rejection ends one container; here it would end the whole stack: log it instead.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`Unhandled rejection in a handler: ${(reason as Error)?.stack ?? String(reason)}\n`);
});

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) {
    process.stderr.write(`${signal} again: exiting without waiting\n`);
    process.exit(1);
  }
  stopping = true;
  process.stderr.write(`${signal}: stopping (executions aborted, data saved)…\n`);
  runtime.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Stopping failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
