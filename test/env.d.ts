import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      TEST_CONTENT: string;
      /** JSON of the compiled content-hashed blobs: KV key → value */
      TEST_BLOBS: string;
      FUZZ_SEED?: string;
      CAPTURE_API_ROOT: string;
      /** the private half of the Discord test key pair (JWK), to sign interactions */
      TEST_DISCORD_PRIVATE_JWK: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index.ts");
    }
  }
}
