/**
 * CPU profiles of the Worker during the bench's load phase (BENCH_PROFILE=1 npm run bench -- --load-only): a
 * Chrome DevTools Protocol client on wrangler dev's inspector port; one .cpuprofile per route under
 * bench-results/ (open in Chrome DevTools → Performance, or summarise with scripts/bench-profile.ts <file>).
 */
import { readFileSync } from "node:fs";

/** A connected inspector session: send(method, params) resolves with the result. */
export async function inspector(port: number): Promise<{ send: (method: string, params?: object) => Promise<any>; close: () => void }> {
  let targets: Array<{ webSocketDebuggerUrl: string; title?: string }> = [];
  for (let i = 0; i < 50 && targets.length === 0; i++) {
    try {
      targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as typeof targets;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  console.log(`inspector targets: ${targets.map((t) => t.title).join(", ")}`);
  const target = targets.find((t) => !/proxy|internal/i.test(t.title ?? "")) ?? targets[0];
  if (!target) throw new Error("no inspector target");
  // miniflare's inspector proxy wants an allowed Origin (undici's WebSocket takes headers as a non-standard option)
  const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { origin: "http://localhost" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", reject, { once: true });
  });
  let id = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const n = ++id;
        waiting.set(n, resolve);
        ws.send(JSON.stringify({ id: n, method, params }));
      }),
    close: () => ws.close(),
  };
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}

/** Self time per function and total time per file of a .cpuprofile, as text. */
export function summarise(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, top = 30): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fnSelf = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const file = n.callFrame.url.split("/").slice(-2).join("/") || "(native)";
    const key = `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    fileSelf.set(file, (fileSelf.get(file) ?? 0) + us);
  }
  const fmt = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`).join("\n");
  return `total ${(total / 1000).toFixed(0)} ms\n-- self by function --\n${fmt(fnSelf)}\n-- self by file --\n${fmt(fileSelf)}`;
}

if (process.argv[1]?.endsWith("bench-profile.ts")) console.log(summarise(JSON.parse(readFileSync(process.argv[2]!, "utf8")), Number(process.argv[3] ?? 30)));
