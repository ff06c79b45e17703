import {
  type AddressPolicy,
  addressRefusal,
  literalHostRefusal,
  type Resolver,
} from '#extraction/address-guard';

export interface UrlCheckOptions {
  allowPrivateNetworks: boolean;
  resolve: Resolver;
}

/**
 * Why a webhook URL cannot be used, or null when it can: an http(s) URL whose host is public
 * (unless private networks are allowed). Deliveries check the address again when they connect,
 * so a name that later resolves elsewhere is still refused; this check is for a quick 400.
 */
export async function webhookUrlProblem(raw: string, options: UrlCheckOptions): Promise<string | null> {
  const url = URL.parse(raw);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    return 'not an http(s) URL';
  if (options.allowPrivateNetworks) return null;
  const policy: AddressPolicy = addressRefusal;
  const literal = literalHostRefusal(url, policy);
  if (literal !== null) return literal;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is a loopback name`;
  let addresses: readonly { address: string }[];
  try {
    addresses = await options.resolve(host);
  } catch {
    return `${host} does not resolve`;
  }
  const refusals = addresses.map((entry) => policy(entry.address));
  if (addresses.length === 0) return `${host} does not resolve`;
  if (refusals.every((reason) => reason !== null)) return refusals.join(', ');
  return null;
}
