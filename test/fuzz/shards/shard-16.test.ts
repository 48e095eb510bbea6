import { fuzzShard } from "../harness";

await fuzzShard(16);
