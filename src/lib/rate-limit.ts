/**
 * A fixed-window counter in KV (failed logins, token requests). KV has no atomic increment, so under a burst of parallel
 * requests a few more attempts than `limit` can get through; for slowing down password guessing
 * that is enough, and it needs no extra binding.
 */
export class RateLimiter {
  constructor(
    private readonly kv: KVNamespace,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  private key(subject: string, now: number): string {
    return `ratelimit:${this.name}:${subject}:${Math.floor(now / 1000 / this.windowSeconds)}`;
  }

  async isBlocked(subject: string, now: number): Promise<boolean> {
    const count = Number((await this.kv.get(this.key(subject, now))) ?? 0);
    return count >= this.limit;
  }

  async record(subject: string, now: number): Promise<void> {
    const key = this.key(subject, now);
    const count = Number((await this.kv.get(key)) ?? 0);
    // KV's shortest TTL is 60 seconds.
    await this.kv.put(key, String(count + 1), { expirationTtl: Math.max(60, this.windowSeconds * 2) });
  }

  /** Seconds until the current window ends. */
  retryAfter(now: number): number {
    return Math.ceil(this.windowSeconds - ((now / 1000) % this.windowSeconds));
  }
}
