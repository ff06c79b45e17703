// Node's socket, DNS and TLS errors have no classes, only codes; undici's connect timeout has its own.
const causes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the host name was not found in DNS',
  EAI_AGAIN: 'the DNS lookup failed for now',
  EAI_FAIL: 'the DNS lookup failed',
  ENODATA: 'DNS has no address for the host',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EHOSTDOWN: 'the host is down',
};

const tlsCode = /^(?:ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/;
// OpenSSL's text: `<id>:error:<code>:<library>:<function>:<reason>:<file>:<line>:`.
const openSslReason = /:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+)/;

/** Why no connection could be made (refused, DNS, connect timeout, TLS); null for a failure once connected. */
export function unreachableCause(code: string, message: string): string | null {
  const known = causes[code];
  if (known !== undefined) return `${known} (${code})`;
  if (!tlsCode.test(code)) return null;
  const detail = openSslReason.exec(message)?.[1] ?? message;
  return `the TLS connection failed: ${detail.trim()} (${code})`;
}

/** `host:port` of a URL, the port its scheme's default when it has none. */
export function siteOf(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null) return url;
  return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
}
