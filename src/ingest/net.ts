export function isPrivateAddress(ip: string): boolean { void ip; throw new Error('not implemented'); }
export async function resolvePublicAddress(host: string, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  void host; void allowPrivate; throw new Error('not implemented');
}
