/**
 * The concurrent load phase of `npm run bench` (scripts/bench.ts): a small closed-loop load generator and a
 * fair schedule for comparing routes side by side.
 *  - every route gets the same number of requests in flight;
 *  - every route first gets a warm-up (not counted), so no route pays for the isolate's first requests;
 *  - the routes take turns in several short rounds (A B C A B C …) instead of one long phase each, so a
 *    neighbour's burst of CPU on this shared machine hits all of them alike rather than one;
 *  - the CPU the load generator itself (this process) and the Worker's processes (wrangler dev's workerd) spend
 *    per route is measured from /proc, to show which side is the bottleneck.
 */
import { readdirSync, readFileSync } from "node:fs";

/** One route's result of a load phase. */
export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** errors by HTTP status, or "network" */
  byStatus: Record<string, number>;
  /** CPU of this process (the load generator) per request, ms */
  generatorCpuMs: number;
  /** CPU of the Worker's process tree (wrangler dev, workerd) per request, ms; NaN when /proc is unavailable */
  workerCpuMs: number;
  /** CPU of the other processes (the Bot API stand-in) per request, ms */
  otherCpuMs: number;
  /** share of one core the load generator used during the route's rounds */
  generatorCores: number;
  /** cores the Worker's process tree used during the route's rounds */
  workerCores: number;
}

/** One route of the load phase: how to build its i-th request (i counts on across warm-up and rounds). */
export interface LoadRoute {
  label: string;
  make: (i: number) => { url: string; init?: RequestInit };
}

export interface LoadOptions {
  /** requests in flight per route */
  workers: number;
  /** seconds per route over all rounds */
  seconds: number;
  /** requests per route over all rounds at most */
  max: number;
  /** rounds the routes take turns in */
  rounds: number;
  /** requests per route sent before the measured rounds, not counted */
  warmup: number;
  /** the process whose tree serves the requests (wrangler dev) */
  serverPid?: number;
  /** other processes whose CPU per request BENCH_VERBOSE=1 prints too (e.g. the Bot API emulator) */
  otherPids?: Record<string, number | undefined>;
  /** called around each route's first measured round (e.g. to take a CPU profile of it) */
  around?: (label: string, run: () => Promise<void>) => Promise<void>;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** BENCH_VERBOSE=1: print each round's CPU per request by process of the Worker's tree. */
const VERBOSE = process.env.BENCH_VERBOSE === "1";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const HZ = 100;

/** The pid and all its descendants, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU seconds (user + system) each process has used so far, by "<pid> <name>". */
function cpuByProcess(pids: number[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(`${pid} ${stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))}`, (Number(fields[11]) + Number(fields[12])) / HZ);
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU seconds (user + system) the processes have used so far. */
function treeCpuSeconds(pids: number[]): number {
  return [...cpuByProcess(pids).values()].reduce((a, b) => a + b, 0);
}

interface Sample {
  latencies: number[];
  byStatus: Record<string, number>;
  errors: number;
  network: number;
  seconds: number;
  generatorCpu: number;
  workerCpu: number;
  otherCpu: number;
}

/**
 * `workers` loops, each sending its next request when the previous answered, until `seconds` have passed or
 * `max` requests were started. Latency is to the end of the body.
 */
async function closedLoop(route: LoadRoute, first: number, workers: number, seconds: number, max: number, pids: number[], others: number[] = []): Promise<Sample & { sent: number }> {
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let errors = 0;
  let network = 0;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const worker0 = treeCpuSeconds(pids);
  const other0 = treeCpuSeconds(others);
  const byProcess0 = VERBOSE ? cpuByProcess([...pids, ...others]) : undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      if (i >= max) return;
      const { url, init } = route.make(first + i);
      const s = performance.now();
      try {
        const res = await fetch(url, init);
        await res.arrayBuffer();
        latencies.push(performance.now() - s);
        if (!res.ok) {
          errors++;
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        }
      } catch {
        errors++;
        network++;
        byStatus.network = (byStatus.network ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (byProcess0) {
    const parts = [...cpuByProcess([...pids, ...others])].map(([k, v]) => [k, v - (byProcess0.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
    console.log(`${route.label}: ${latencies.length} req; CPU ms/req by process: ${parts.map(([k, v]) => `${k} ${((v / Math.max(1, latencies.length)) * 1000).toFixed(2)}`).join(", ")}`);
  }
  return {
    latencies,
    byStatus,
    errors,
    network,
    seconds: elapsed,
    generatorCpu: (cpu.user + cpu.system) / 1e6,
    workerCpu: treeCpuSeconds(pids) - worker0,
    otherCpu: treeCpuSeconds(others) - other0,
    sent: Math.min(next, max),
  };
}

/**
 * Cores the Worker's process tree uses with no request in flight (timers, file watchers, the dev proxy's polling),
 * over `seconds`: CPU per request includes this background, more of it for a route that answers fewer requests a second.
 */
export async function idleCores(serverPid: number, seconds = 3): Promise<number> {
  const pids = processTree(serverPid);
  const before = treeCpuSeconds(pids);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (treeCpuSeconds(pids) - before) / seconds;
}

/** Warm every route up, then run the measured rounds with the routes taking turns; one result per route. */
export async function loadRoutes(routes: LoadRoute[], opts: LoadOptions): Promise<LoadResult[]> {
  const pids = opts.serverPid ? processTree(opts.serverPid) : [];
  const others = Object.values(opts.otherPids ?? {}).filter((p): p is number => p !== undefined);
  const counters = routes.map(() => 0);
  for (const [k, route] of routes.entries()) {
    if (opts.warmup <= 0) break;
    const w = await closedLoop(route, counters[k]!, opts.workers, 30, opts.warmup, pids, others);
    counters[k]! += w.sent;
  }
  const totals: Sample[] = routes.map(() => ({ latencies: [], byStatus: {}, errors: 0, network: 0, seconds: 0, generatorCpu: 0, workerCpu: 0, otherCpu: 0 }));
  const rounds = Math.max(1, opts.rounds);
  for (let r = 0; r < rounds; r++) {
    for (const [k, route] of routes.entries()) {
      let s!: Awaited<ReturnType<typeof closedLoop>>;
      const run = async () => {
        s = await closedLoop(route, counters[k]!, opts.workers, opts.seconds / rounds, Math.ceil(opts.max / rounds), pids, others);
      };
      await (r === 0 && opts.around ? opts.around(route.label, run) : run());
      counters[k]! += s.sent;
      const t = totals[k]!;
      t.latencies.push(...s.latencies);
      for (const [key, n] of Object.entries(s.byStatus)) t.byStatus[key] = (t.byStatus[key] ?? 0) + n;
      t.errors += s.errors;
      t.network += s.network;
      t.seconds += s.seconds;
      t.generatorCpu += s.generatorCpu;
      t.workerCpu += s.workerCpu;
      t.otherCpu += s.otherCpu;
    }
  }
  return totals.map((t) => {
    const n = t.latencies.length;
    return {
      requests: n + t.network,
      seconds: t.seconds,
      rps: n / t.seconds,
      p50: n ? pct(t.latencies, 50) : NaN,
      p99: n ? pct(t.latencies, 99) : NaN,
      errors: t.errors,
      byStatus: t.byStatus,
      generatorCpuMs: (t.generatorCpu / Math.max(1, n)) * 1000,
      workerCpuMs: pids.length ? (t.workerCpu / Math.max(1, n)) * 1000 : NaN,
      otherCpuMs: (t.otherCpu / Math.max(1, n)) * 1000,
      generatorCores: t.generatorCpu / t.seconds,
      workerCores: pids.length ? t.workerCpu / t.seconds : NaN,
    };
  });
}
