/**
 * SSRF protection: which addresses a fetch may connect to. Everything that is not a public unicast
 * address is refused unless the caller allows private targets (CLI --allow-private).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { VigilError } from '../errors/catalogue.js';

const blocked = new BlockList();
// IPv4 special-purpose ranges (RFC 6890 and friends).
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT shared address space
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
// IPv6 special-purpose ranges (IANA IPv6 Special-Purpose Address Registry: every block not globally reachable, plus
// the IETF protocol block as a whole and the deprecated site-local and multicast ranges).
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  // ::ffff:0:0/96 (IPv4-mapped) is refused in isPrivateAddress: node's BlockList would match plain IPv4 against it
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation (RFC 8215)
  ['100::', 64], // discard-only
  ['100:0:0:1::', 64], // dummy IPv6 prefix (RFC 9780)
  ['2001::', 23], // IETF protocol assignments: Teredo (tunnels to arbitrary IPv4), benchmarking, ORCHID, AMT ...
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment routing (SRv6) SIDs (RFC 9602)
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64 (64:ff9b::) or 6to4 (2002::) IPv6 address. */
function embeddedIPv4(ip: string): string | null {
  const full = expandIPv6(ip);
  if (!full) return null;
  const g = full.split(':').map((h) => parseInt(h, 16));
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return v4(g[6], g[7]);
  // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765)
  if (g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0) return v4(g[6], g[7]);
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6], g[7]);
  // 2002:AABB:CCDD::/48 (6to4)
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  return null;
}

/** Expand an IPv6 literal to 8 hex groups (dotted IPv4 tails converted). */
function expandIPv6(ip: string): string | null {
  let s = ip.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    s = s.slice(0, dotted.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const fill = parts.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array(Math.max(0, fill)).fill('0'), ...tail];
  return groups.length === 8 ? groups.join(':') : null;
}

/** True for any address a fetch must not reach by default. Non-IP strings count as private (refuse what we cannot classify). */
export function isPrivateAddress(ip: string): boolean {
  const s = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v = isIP(s);
  if (v === 4) return blocked.check(s, 'ipv4');
  if (v === 6) {
    // IPv4-mapped ::ffff:0:0/96 (RFC 4291): not globally reachable (IANA), whatever IPv4 address it carries
    const full = expandIPv6(s);
    if (full && /^0:0:0:0:0:ffff:/.test(full.replace(/(^|:)0+(?=[0-9a-f])/g, '$1'))) return true;
    const v4 = embeddedIPv4(s);
    if (v4) return blocked.check(v4, 'ipv4') || blocked.check(s, 'ipv6');
    return blocked.check(s, 'ipv6');
  }
  return true;
}

/**
 * Resolve a host name (every address it has) and refuse it when any address is private, unless
 * allowed. Returns the address to connect to, which the fetcher pins for the connection so that a
 * second DNS answer (DNS rebinding) cannot redirect it.
 */
export async function resolvePublicAddress(host: string, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const h = host.replace(/^\[|\]$/g, '');
  const literal = isIP(h);
  let addrs: { address: string; family: number }[];
  if (literal) addrs = [{ address: h, family: literal }];
  else {
    try {
      addrs = await lookup(h, { all: true, verbatim: true });
    } catch (e) {
      throw new VigilError('VIGIL_ERR_FETCH_FAILED', `cannot resolve ${host}: ${(e as Error).message}`);
    }
  }
  if (!addrs.length) throw new VigilError('VIGIL_ERR_FETCH_FAILED', `no address for ${host}`);
  if (!allowPrivate) {
    const bad = addrs.find((a) => isPrivateAddress(a.address));
    if (bad) throw new VigilError('VIGIL_ERR_PRIVATE_ADDRESS', `${host} -> ${bad.address}`);
  }
  const first = addrs[0];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
