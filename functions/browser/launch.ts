import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type BrowserContext } from 'puppeteer-core';
import {
  type AddressPolicy,
  addressPolicyFor,
  addressRefusal,
  type Resolver,
} from '#extraction/address-guard';
import type { HttpClientOptions } from '#extraction/http-client';
import { type GuardProxy, type ProxyFailure, startGuardProxy } from './guard-proxy.ts';

export interface BrowserHostOptions {
  /**
   * @sparticuz/chromium's `bin` folder (the Lambda asset ships it beside the bundle); by default the
   * package's own. It is decompressed once per machine, to /tmp/chromium.
   */
  binDir?: string | undefined;
  /** Lets pages reach loopback and private networks (local runs only), as the HTTP client has it. */
  allowPrivateNetworks?: boolean | undefined;
  /** Which addresses may be connected to when private networks are not allowed; public unicast by default. */
  addressPolicy?: AddressPolicy | undefined;
  /** Name resolution of the proxy; tests stub it. */
  resolve?: Resolver | undefined;
  connectTimeoutMs?: number | undefined;
  headersTimeoutMs?: number | undefined;
  bodyTimeoutMs?: number | undefined;
  /** Each connection the proxy could not make (the guard's refusals among them), with the reason. */
  onProxyFailure?: ((failure: ProxyFailure) => void) | undefined;
}

/** One browser per container: launched on first use, kept across batches, relaunched if it went away. */
export interface BrowserHost {
  /** The browser, launched on the first call and again when the last one went away. */
  browser(): Promise<Browser>;
  /** A new incognito context; the caller closes it. */
  newContext(): Promise<BrowserContext>;
  /** The proxy every request of the browser goes through (started with the first launch). */
  proxy(): Promise<GuardProxy>;
  /** The guard's settings as the HTTP client takes them, for what is fetched without the browser (robots.txt). */
  readonly network: HttpClientOptions;
  /** How many times a browser was launched (1 while the first one lives). */
  launches(): number;
  close(): Promise<void>;
}

/** Decompresses @sparticuz/chromium's binary (once: it stays in /tmp) and returns its path. */
export const executablePath = (binDir?: string): Promise<string> => chromium.executablePath(binDir);

// Dropped from @sparticuz/chromium's list: `--single-process` makes any second browser context crash
// the browser (one context per task is the isolation), and a page's hung script would be the
// browser's; `--disable-web-security` and `--allow-running-insecure-content` would let pages read
// other origins and load http into https, which a user's browser does not.
const droppedArgs = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

/** Chromium's flags: @sparticuz/chromium's for serverless, puppeteer's defaults, a closed network. */
export function chromeArgs(proxyUrl: string): string[] {
  const { host } = new URL(proxyUrl);
  return [
    ...chromium.args.filter((arg) => !droppedArgs.has(arg)),
    // puppeteer's defaults already disable background networking, sync and the first-run tasks.
    '--disable-component-update',
    '--disable-quic',
    // Compositing in software, not through SwiftShader's GL: a fifth less CPU and 100 MB less for pages
    // nobody looks at; WebGL still falls back to SwiftShader.
    '--disable-gpu',
    `--proxy-server=${proxyUrl}`,
    // Chromium sends loopback directly unless told otherwise: loopback goes through the guard too.
    '--proxy-bypass-list=<-loopback>',
    // Only the proxy (an IP literal) needs resolving; a connection that bypassed it resolves nothing.
    `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${new URL(`http://${host}`).hostname}`,
    // WebRTC's UDP does not go through a proxy: only proxied TCP is left to it.
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  ];
}

export function createBrowserHost(options: BrowserHostOptions = {}): BrowserHost {
  const policy = options.allowPrivateNetworks
    ? addressPolicyFor(true)
    : (options.addressPolicy ?? addressRefusal);
  let proxy: Promise<GuardProxy> | undefined;
  let browser: Promise<Browser> | undefined;
  let launched = 0;
  let closed = false;

  const startProxy = () => {
    proxy ??= startGuardProxy({
      policy,
      resolve: options.resolve,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs,
      onFailure: options.onProxyFailure,
    });
    return proxy;
  };

  const launch = async (): Promise<Browser> => {
    const [path, { url }] = await Promise.all([executablePath(options.binDir), startProxy()]);
    const started = await puppeteer.launch({
      executablePath: path,
      args: chromeArgs(url),
      headless: 'shell',
      defaultViewport: { width: 1280, height: 800 },
    });
    launched++;
    // A browser whose connection dropped is of no use even if its process lives on.
    started.once('disconnected', () => started.process()?.kill('SIGKILL'));
    return started;
  };

  // Each call chains on the previous one, so callers racing after a crash launch one browser.
  const running = (): Promise<Browser> => {
    if (closed) return Promise.reject(new Error('The browser host is closed'));
    const previous = browser;
    browser = (async () => {
      const known = await previous?.catch(() => undefined);
      return known?.connected ? known : launch();
    })();
    return browser;
  };

  return {
    browser: running,
    async newContext() {
      return (await running()).createBrowserContext({ downloadBehavior: { policy: 'deny' } });
    },
    proxy: startProxy,
    network: {
      allowPrivateNetworks: options.allowPrivateNetworks,
      addressPolicy: options.addressPolicy,
      resolve: options.resolve,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs,
    },
    launches: () => launched,
    async close() {
      closed = true;
      const last = browser;
      browser = undefined;
      await (await last?.catch(() => undefined))?.close().catch(() => undefined);
      await (await proxy)?.close();
    },
  };
}
