import { Option } from '@commander-js/extra-typings';
import type { DeliveryAttempt, WebhookEndpoint } from '#client/index';
import { EXIT } from '../failure.ts';
import type { CommandContext, Root } from '../program.ts';
import { table } from '../table.ts';
import { positiveInteger } from './tasks.ts';

const EVENTS = ['task.queued', 'task.running', 'task.completed', 'task.error', 'task.cancelled'] as const;

const endpointRow = (endpoint: WebhookEndpoint) => [
  endpoint.id,
  endpoint.url,
  endpoint.events.join(','),
  endpoint.status,
  endpoint.createdAt,
];

const attemptRow = (attempt: DeliveryAttempt) => [
  attempt.time,
  attempt.event,
  attempt.taskId,
  attempt.attempt,
  attempt.status ?? attempt.error ?? '',
  attempt.delivery,
  attempt.nextRetry ?? '',
];

export function webhooksCommand(root: Root, context: CommandContext) {
  const webhooks = root
    .command('webhooks')
    .description("The account's webhook endpoints and their delivery logs");

  webhooks
    .command('add')
    .description('Add an endpoint; its signing secret is shown only now')
    .argument('<url>', 'the http(s) URL that receives the deliveries')
    .addOption(
      new Option(
        '--events <events...>',
        'events to receive (default: task.completed task.error task.cancelled)',
      ).choices(EVENTS),
    )
    .option('--json', 'the created endpoint as JSON, secret included')
    .action(async (url, options, command) => {
      const client = await context.connect(command.optsWithGlobals());
      const endpoint = await client.webhooks.create({
        url,
        ...(options.events && { events: options.events }),
      });
      if (options.json) context.print(JSON.stringify(endpoint, null, 2));
      else {
        context.print(endpoint.id);
        context.say(`Webhook ${endpoint.id} for ${endpoint.url} (${endpoint.events.join(', ')})`);
        context.say(`Signing secret (shown only now): ${endpoint.secret}`);
      }
      context.exitWith(EXIT.completed);
    });

  webhooks
    .command('list')
    .description("The account's endpoints")
    .option('--json', 'a JSON array instead of a table')
    .action(async (options, command) => {
      const endpoints = await (await context.connect(command.optsWithGlobals())).webhooks.list();
      if (options.json) context.print(JSON.stringify(endpoints, null, 2));
      else if (endpoints.length === 0) context.say('No webhooks');
      else context.print(table(['ID', 'URL', 'EVENTS', 'STATUS', 'CREATED'], endpoints.map(endpointRow)));
      context.exitWith(EXIT.completed);
    });

  webhooks
    .command('rm')
    .description('Delete an endpoint')
    .argument('<id>', 'the endpoint id')
    .action(async (id, _options, command) => {
      await (await context.connect(command.optsWithGlobals())).webhooks.delete(id);
      context.say(`Webhook ${id} deleted`);
      context.exitWith(EXIT.completed);
    });

  webhooks
    .command('deliveries')
    .description("An endpoint's delivery log (or a task's own webhook's, by the task id), newest first")
    .argument('<id>', 'the endpoint id, or the id of a task with its own webhook')
    .option('--limit <n>', 'at most this many attempts (default: all)', positiveInteger)
    .option('--json', 'a JSON array instead of a table')
    .action(async (id, options, command) => {
      const client = await context.connect(command.optsWithGlobals());
      const attempts: DeliveryAttempt[] = [];
      for await (const attempt of client.webhooks.deliveries(id, {
        limit: Math.min(options.limit ?? 1000, 1000),
      })) {
        attempts.push(attempt);
        if (attempts.length === options.limit) break;
      }
      if (options.json) context.print(JSON.stringify(attempts, null, 2));
      else if (attempts.length === 0) context.say('No deliveries');
      else
        context.print(
          table(
            ['TIME', 'EVENT', 'TASK', 'ATTEMPT', 'ANSWER', 'DELIVERY', 'NEXT RETRY'],
            attempts.map(attemptRow),
          ),
        );
      context.exitWith(EXIT.completed);
    });
}
