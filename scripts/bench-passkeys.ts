/**
 * `npm run bench:passkeys`: CPU time of one passkey sign-in verification (verifyAuthenticationResponse of
 * @simplewebauthn/server with an ES256 key, as the Worker runs it), median and p95 over many runs, plus the one-time
 * cost of loading the library. Runs in node (V8 and BoringSSL-backed WebCrypto like workerd); wall time of a
 * synchronous-ish CPU-bound call on an idle loop is its CPU time. Usage: node scripts/bench-passkeys.ts [runs]
 */
import { performance } from "node:perf_hooks";
import { fakeAuthenticator } from "./lib/fake-authenticator.ts";

const runs = Number(process.argv[2] ?? 2000);
const origin = "https://binjol.example";
const rpId = "binjol.example";

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
console.log(`verifyAuthenticationResponse (ES256), ${times.length} runs after 200 warm-up: median ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms, max ${times.at(-1)!.toFixed(3)} ms`);
console.log(`first import of @simplewebauthn/server (once per isolate, only on passkey routes): ${loadMs.toFixed(1)} ms`);
