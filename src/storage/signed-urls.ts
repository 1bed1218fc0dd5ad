import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring links to blobs: `/v1/files/<key>?expires=<unix s>&sig=<hex>`
 * with an HMAC-SHA256 over the key and the expiry. Anyone holding the link
 * can download until it expires; nothing else grants access to a file.
 */
export class UrlSigner {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  private signature(key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${key}\n${expires}`).digest('hex');
  }

  sign(key: string, ttlMs: number, now = Date.now()): { url: string; expiresAt: Date } {
    const expires = Math.floor((now + ttlMs) / 1000);
    const url = `${this.publicUrl}/v1/files/${key}?expires=${expires}&sig=${this.signature(key, expires)}`;
    return { url, expiresAt: new Date(expires * 1000) };
  }

  /** `expires=…&sig=…` for a path of another route (the studio's part uploads), signed like a file link. */
  query(key: string, ttlMs: number, now = Date.now()): string {
    const expires = Math.floor((now + ttlMs) / 1000);
    return `expires=${expires}&sig=${this.signature(key, expires)}`;
  }

  verify(key: string, expires: string | undefined, sig: string | undefined, now = Date.now()): 'ok' | 'expired' | 'invalid' {
    if (expires === undefined || sig === undefined || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) {
      return 'invalid';
    }
    const expected = Buffer.from(this.signature(key, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
    return Number(expires) * 1000 < now ? 'expired' : 'ok';
  }
}
