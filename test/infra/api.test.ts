import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS } from '#infra/api';
import { logicalIdOf } from '#infra/function';
import { CONSOLE, ENDPOINTS } from '#infra/routes';
import { getAtt, ref, synthStack } from './fixture.ts';

type Resource = { Properties: Record<string, unknown> };

describe('HTTP API', () => {
  const { stack, template } = synthStack();
  const routes = template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>;
  const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;

  /** The logical id of the function a route key is integrated with. */
  function functionBehind(routeKey: string): string | undefined {
    const route = Object.values(routes).find((r) => r.Properties.RouteKey === routeKey);
    const target = route?.Properties.Target as
      | { 'Fn::Join': [string, [string, { Ref: string }]] }
      | undefined;
    const integrationId = target?.['Fn::Join'][1][1].Ref;
    const uri = integrationId ? integrations[integrationId]?.Properties.IntegrationUri : undefined;
    return (uri as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'][0];
  }

  it('maps every route of every endpoint to that endpoint’s function', () => {
    for (const endpoint of ENDPOINTS) {
      const fn = stack.api.functions.get(endpoint.id);
      expect(fn, endpoint.id).toBeDefined();
      for (const route of endpoint.routes) {
        expect(functionBehind(route), route).toBe(logicalIdOf(fn!.fn));
      }
    }
  });

  it('maps the console’s page and assets to the Console function', () => {
    for (const route of CONSOLE.routes)
      expect(functionBehind(route), route).toBe(logicalIdOf(stack.api.console.fn));
  });

  it('has no route beyond the route table and the console’s', () => {
    const declared = [...ENDPOINTS.flatMap((e) => e.routes), ...CONSOLE.routes].sort();
    const synthesized = Object.values(routes)
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(synthesized).toEqual(declared);
  });

  it('invokes the functions with the HTTP API payload 2.0, one integration per function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    expect(Object.keys(integrations)).toHaveLength(ENDPOINTS.length + 1);
  });

  it('lets API Gateway invoke each function from this API only', () => {
    const runTask = stack.api.functions.get('RunTask')!;
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(runTask.fn),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([ref(stack.api.httpApi)])],
      }),
    });
  });

  it('authenticates in the functions, not with an authorizer', () => {
    for (const route of Object.values(routes)) {
      expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  it('throttles the default stage and deploys it automatically', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('takes its throttling from the settings', () => {
    const { template: tuned } = synthStack({ settings: { throttleRate: 7, throttleBurst: 9 } });
    tuned.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 },
    });
  });

  describe('access log', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as Resource;
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };

    it('goes to its own log group, kept for the retention period', () => {
      expect(settings.DestinationArn).toEqual(getAtt(stack.api.accessLogs));
      const group = template.toJSON().Resources[logicalIdOf(stack.api.accessLogs)];
      expect(group.Properties.RetentionInDays).toBe(30);
    });

    it('is one JSON object with the request id, route, status, latency and client address', () => {
      const format = JSON.parse(settings.Format) as Record<string, string>;
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        ip: '$context.identity.sourceIp',
      });
      expect(format).toEqual(ACCESS_LOG_FIELDS);
    });

    it('never logs the query string, where api_key travels', () => {
      // $context.path is the raw request path; only route keys (templates) are logged.
      expect(settings.Format).not.toMatch(/query|\$context\.path|rawPath|\$input|\$request/i);
    });
  });
});
