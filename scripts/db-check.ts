/**
 * npm run db:check [-- --remote | --persist-to=<dir>]
 *
 * Recomputes the events' columns derived from shifts and participations (times, shift count,
 * participation counts; kept by the triggers of migration 0006) and their totals over the active
 * events (migration 0008), and compares them with the stored ones, in the local D1 database of `npm run dev`, with --remote in the deployed one, or with
 * --persist-to in the local one of a `wrangler dev --persist-to <dir>`. Prints
 * `ok: N events checked` and exits 0, or every difference and exits 1. Writes nothing.
 */
import { describeDrift } from "../src/db/integrity";
import { checkDerivedColumns } from "./lib/local";

async function main(argv: string[]): Promise<number> {
  const persistFlag = argv.find((a) => a.startsWith("--persist-to="));
  const persistTo = persistFlag?.slice("--persist-to=".length) || undefined;
  const remote = argv.includes("--remote");
  const unknown = argv.filter((a) => a !== "--remote" && a !== persistFlag);
  if (unknown.length || (remote && persistFlag) || (persistFlag && !persistTo)) {
    console.error("usage: npm run db:check [-- --remote | --persist-to=<dir>]");
    return 2;
  }
  const where = remote ? "remote" : "local";
  let report;
  try {
    report = await checkDerivedColumns({ remote, persistTo });
  } catch (error) {
    // Drizzle wraps D1's error in one that quotes the whole statement.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    console.error(`cannot check the ${where} database: ${(cause as Error).message}`);
    if (!remote) console.error("(does it have its tables? `npm run db:migrate`, or `npm run dev` once, applies the migrations)");
    return 1;
  }
  if (!report.drift.length) {
    console.log(`ok: ${report.events} events checked`);
    return 0;
  }
  for (const drift of report.drift) console.error(describeDrift(drift));
  const drifted = new Set(report.drift.flatMap((d) => (d.eventId === null ? [] : [d.eventId]))).size;
  const totals = report.drift.some((d) => d.eventId === null) ? " and in the totals over the active events" : "";
  console.error(`drift: ${report.drift.length} value(s) in ${drifted} of ${report.events} events${totals} differ from what their shifts and participations say (${where} database)`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
