declare namespace Cloudflare {
  interface Env {
    /** Base seed of a fuzz run (vitest.fuzz.config.ts passes FUZZ_SEED from the environment). */
    FUZZ_SEED: string;
    /** Multiplier of the number of generated requests (FUZZ_RUNS, default 1). */
    FUZZ_RUNS: string;
  }
}
