/**
 * `npm run bench:passkeys`: CPU time of one passkey sign-in verification (verifyAuthenticationResponse of
 * @simplewebauthn/server with an ES256 key, as the Worker runs it), median and p95 over many runs, plus the one-time
 * cost of loading the library. Runs in node (V8 and BoringSSL-backed WebCrypto like workerd); wall time of a
 * synchronous-ish CPU-bound call on an idle loop is its CPU time. Usage: node scripts/bench-passkeys.ts [runs]
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { fakeAuthenticator } from "./lib/fake-authenticator.ts";

const origin = "https://binjol.example";
const rpId = "binjol.example";

/** Median, p95 and max CPU (ms) of one verification over `runs` runs after 200 warm-up runs, and the library's load time. */
export async function measurePasskeys(runs = 2000): Promise<{ median: number; p95: number; max: number; loadMs: number; runs: number }> {
const t0 = performance.now();
const lib = await import("@simplewebauthn/server");
const loadMs = performance.now() - t0;

const auth = await fakeAuthenticator({ counter: 1 });
const reg = await auth.register({ challenge: "cmVnaXN0ZXI", origin, rpId });
const registered = await lib.verifyRegistrationResponse({ response: reg, expectedChallenge: "cmVnaXN0ZXI", expectedOrigin: origin, expectedRPID: rpId });
if (!registered.registrationInfo) throw new Error("registration failed");
const { publicKey } = registered.registrationInfo.credential;

// Assertions made up front: only the verification is timed.
const cases = [];
for (let i = 0; i < runs + 200; i++) {
  const challenge = lib.generateAuthenticationOptions ? (await lib.generateAuthenticationOptions({ rpID: rpId })).challenge : "";
  cases.push({ challenge, response: await auth.assert({ challenge, origin, rpId, counter: i + 2 }) });
}
const times: number[] = [];
let counter = 1;
for (const [i, c] of cases.entries()) {
  const start = performance.now();
  const r = await lib.verifyAuthenticationResponse({
    response: c.response,
    expectedChallenge: c.challenge,
    expectedOrigin: origin,
    expectedRPID: rpId,
    requireUserVerification: false,
    credential: { id: auth.credentialId, publicKey, counter },
  });
  const ms = performance.now() - start;
  if (!r.verified) throw new Error("not verified");
  counter = r.authenticationInfo.newCounter;
  if (i >= 200) times.push(ms); // the first 200 warm up the JIT
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
return { median: q(0.5), p95: q(0.95), max: times.at(-1)!, loadMs, runs: times.length };
}

/** The CPU of a passkey sign-in's verification for the free-plan budget (scripts/bench-budget.ts): the median. */
export async function measurePasskeyVerifyMs(): Promise<number> {
  return (await measurePasskeys(500)).median;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const m = await measurePasskeys(Number(process.argv[2] ?? 2000));
  console.log(`verifyAuthenticationResponse (ES256), ${m.runs} runs after 200 warm-up: median ${m.median.toFixed(3)} ms, p95 ${m.p95.toFixed(3)} ms, max ${m.max.toFixed(3)} ms`);
  console.log(`first import of @simplewebauthn/server (once per isolate, only on passkey routes): ${m.loadMs.toFixed(1)} ms`);
}
