import { fuzzShard } from "../harness";

await fuzzShard(6);
