import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why the crawler may not connect to an address, or null when it may: only ipaddr.js's `unicast`
 * range passes (no loopback, private, link-local, CGNAT, multicast, reserved, NAT64 or 6to4).
 * Accepts the lenient IPv4 forms (`127.1`, `017700000001`, `0x7f.1`) and IPv4-mapped IPv6.
 */
export function addressRefusal(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return `${address} is not an IP address`;
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  if (range !== 'unicast') return `${address} is a ${range} address`;
  const embedding =
    parsed.kind() === 'ipv6' ? EMBEDDED_IPV4.find(([, cidr]) => parsed.match(cidr)) : undefined;
  return embedding ? `${address} is an ${embedding[0]} address` : null;
}

/**
 * IPv6 that carries an IPv4 address and that ipaddr.js calls unicast: refused whole, whatever IPv4
 * address it holds (`[::127.0.0.1]` parses as `::7f00:1`). Mapped, NAT64 (64:ff9b::/96 and
 * 64:ff9b:1::/48), 6to4 and Teredo are ranges of ipaddr.js's own and refused as such.
 */
const EMBEDDED_IPV4: [string, [ipaddr.IPv6, number]][] = [
  ['IPv4-compatible (::/96)', ipaddr.IPv6.parseCIDR('::/96')],
];

export type AddressPolicy = (address: string) => string | null;

/** Loopback and private networks are reachable only where they are allowed (local runs). */
export const addressPolicyFor = (allowPrivateNetworks: boolean): AddressPolicy =>
  allowPrivateNetworks ? () => null : addressRefusal;

export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A connection the guard refused; its message says which address and why. */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
  readonly code = 'ERR_ADDRESS_REFUSED';
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connect: it resolves, drops every address the policy refuses and hands
 * only the rest to the socket, so the address checked is the address connected to.
 */
export function guardedLookup(resolve: Resolver, policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = addresses.filter((entry) => !options.family || entry.family === options.family);
        const usable = wanted.filter((entry) => policy(entry.address) === null);
        const first = usable[0];
        if (first === undefined) {
          const reasons = wanted.map((entry) => policy(entry.address)).filter((reason) => reason !== null);
          const why = reasons.length > 0 ? reasons.join(', ') : 'no address';
          callback(new AddressRefusedError(`Refused to connect to ${hostname}: ${why}`), '');
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, ''),
    );
  };
}

/** The refusal for a URL whose host is an IP literal (sockets skip `lookup` for those), or null. */
export function literalHostRefusal(url: URL, policy: AddressPolicy): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : policy(host);
}
