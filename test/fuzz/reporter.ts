/**
 * Adds up what the fuzz shards report (`fuzz-shard: {...}` lines on their console) and prints the
 * run's total: requests, time, statuses, and the seed that repeats it.
 */
import type { Reporter } from "vitest/reporters";

interface ShardReport {
  shard: number;
  seed: number;
  requests: number;
  ms: number;
  statuses: Record<string, number>;
}

export default class FuzzReporter implements Reporter {
  private shards: ShardReport[] = [];
  private started = Date.now();

  onUserConsoleLog(log: { content: string }) {
    for (const line of log.content.split("\n")) {
      if (line.startsWith("fuzz-shard: ")) this.shards.push(JSON.parse(line.slice("fuzz-shard: ".length)) as ShardReport);
    }
  }

  onTestRunEnd() {
    if (!this.shards.length) return;
    const requests = this.shards.reduce((sum, s) => sum + s.requests, 0);
    const statuses: Record<string, number> = {};
    for (const shard of this.shards) for (const [status, n] of Object.entries(shard.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    const seed = this.shards[0].seed;
    console.log(
      `\nfuzz: ${requests} requests in ${this.shards.length} shards, ${seconds} s; statuses ${Object.entries(statuses)
        .map(([status, n]) => `${status}×${n}`)
        .join(" ")}\nfuzz: seed ${seed} (repeat with FUZZ_SEED=${seed} npm run test:fuzz)\n`,
    );
  }
}
