/** What a report says about the code under test and the machine it ran on. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../scripts/lib/local";

const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

export function codeInfo(ref: string): string[] {
  try {
    if (ref) return [`**Code:** commit \`${git("rev-parse", "--short=12", ref)}\` ("${git("log", "-1", "--format=%s", ref)}"), exported with \`git archive\` (\`--ref ${ref}\`)`];
    const head = `\`${git("rev-parse", "--short=12", "HEAD")}\` ("${git("log", "-1", "--format=%s", "HEAD")}")`;
    const changes = git("status", "--porcelain", "--", "src", "migrations", "wrangler.toml")
      .split("\n")
      .filter(Boolean);
    if (!changes.length) return [`**Code:** working tree = commit ${head}, no changes under src/, migrations/, wrangler.toml`];
    return [`**Code:** working tree on commit ${head} with ${changes.length} uncommitted change(s) under src/ or migrations/ at bundling time: ${changes.map((c) => `\`${c.trim()}\``).join(", ")}`];
  } catch {
    return ["**Code:** (git not available)"];
  }
}

export function machineInfo(): string[] {
  const cpus = os.cpus();
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  return [
    `**Machine:** ${cpus.length} × ${cpus[0]?.model?.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.platform()} ${os.release()}`,
    `**Software:** Node ${process.version}, wrangler ${version("wrangler")}, miniflare ${version("miniflare")}, autocannon ${version("autocannon")}`,
  ];
}
