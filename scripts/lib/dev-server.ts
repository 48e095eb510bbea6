/**
 * A local `wrangler dev` of this Worker on a loopback address (127.0.0.1 unless told) and a free port, with its own persistence
 * directory, SITE_URL set to its own origin and Server-Timing on: for the benchmark, the browser
 * tests and the two-instance federation test. Started in its own process group, so stopping it also stops the
 * workerd it spawned.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { ROOT, WRANGLER } from "./local";

export function freePort(ip = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, ip, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface DevServer {
  origin: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Stops every dev server this process started (for SIGINT and errors). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

/** On Ctrl-C or SIGTERM: `cleanup` (by default stopping every dev server), then exit 130. */
export function stopOnSignals(cleanup: () => Promise<unknown> = stopAll): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping wrangler dev`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => {
      // Our own process group (wrangler and the workerd it started), by its id.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  });
}

export interface DevServerOptions {
  config: string;
  /** The entry: a prebuilt bundle (served with --no-bundle), or src/index.ts with `bundle: true`. */
  script: string;
  bundle?: boolean;
  persistTo: string;
  logFile: string;
  /** More `--var NAME:value` settings. */
  vars?: Record<string, string>;
  /**
   * Another loopback address, e.g. 127.0.0.2: browsers keep cookies per host, not per port, so two
   * instances a browser visits need different hosts.
   */
  ip?: string;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? "127.0.0.1";
  const port = await freePort(ip);
  const inspectorPort = await freePort();
  const origin = `http://${ip}:${port}`;
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child = spawn(
    WRANGLER,
    [
      "dev",
      options.script,
      "--config",
      options.config,
      ...(options.bundle ? [] : ["--no-bundle"]),
      "--ip",
      ip,
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      options.persistTo,
      "--var",
      `SITE_URL:${origin}`,
      // The benchmark, the soak test and the test harnesses read the D1 figures of Server-Timing,
      // whatever a developer's .dev.vars says.
      "--var",
      "SERVER_TIMING:on",
      ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
    ],
    // detached: its own process group, so stopping it also stops the workerd it spawns.
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
  );
  running.add(child);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = () => stopChild(child);

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}; see ${path.relative(ROOT, options.logFile)}`);
    try {
      const response = await fetch(`${origin}/api/health/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return { origin, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${origin} within 90 s; see ${path.relative(ROOT, options.logFile)}`);
}
