/**
 * A software WebAuthn authenticator (ES256, "none" attestation) for tests and the passkey bench: it answers
 * registration and sign-in options with the JSON a browser would post, signed with a WebCrypto P-256 key. Web Crypto
 * only, so it runs in node and in workerd.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { base64urlToBytes, bytesToBase64url } from "../../src/text/base64url.ts";

export interface FakeAuthenticator {
  credentialId: string;
  /** the next signature counter (0 = a passkey that keeps none) */
  counter: number;
  register(o: { challenge: string; origin: string; rpId: string }): Promise<RegistrationResponseJSON>;
  assert(o: { challenge: string; origin: string; rpId: string; counter?: number }): Promise<AuthenticationResponseJSON>;
}

export function b64u(bytes: Uint8Array | ArrayBuffer): string {
  return bytesToBase64url(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

function concat(...parts: Uint8Array<ArrayBufferLike>[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** A raw r||s ECDSA signature as ASN.1 DER (what authenticators send). */
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = b.slice(i);
    if (v[0]! & 0x80) v = concat(new Uint8Array([0]), v);
    return concat(new Uint8Array([2, v.length]), v);
  };
  const body = concat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

const enc = { encode: (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(new TextEncoder().encode(s)) };

/** A new authenticator with one ES256 credential. */
export async function fakeAuthenticator(opts: { counter?: number } = {}): Promise<FakeAuthenticator> {
  const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
  const idBytes = crypto.getRandomValues(new Uint8Array(16));
  const credentialId = b64u(idBytes);
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, base64urlToBytes(jwk.x!)],
      [-3, base64urlToBytes(jwk.y!)],
    ]),
  );
  const flags = 0x01 | 0x04; // user present, user verified
  const self: FakeAuthenticator = {
    credentialId,
    counter: opts.counter ?? 0,
    async register({ challenge, origin, rpId }) {
      const clientData = enc.encode(JSON.stringify({ type: "webauthn.create", challenge, origin, crossOrigin: false }));
      const idLen = new Uint8Array([idBytes.length >> 8, idBytes.length & 255]);
      const authData = concat(await sha256(enc.encode(rpId)), new Uint8Array([flags | 0x40]), u32(self.counter), new Uint8Array(16), idLen, idBytes, cose);
      const attestationObject = isoCBOR.encode(
        new Map<string, unknown>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", authData],
        ]) as never,
      );
      return {
        id: credentialId,
        rawId: credentialId,
        type: "public-key",
        clientExtensionResults: {},
        response: { clientDataJSON: b64u(clientData), attestationObject: b64u(attestationObject), transports: ["internal"] },
      };
    },
    async assert({ challenge, origin, rpId, counter }) {
      const n = counter ?? (self.counter > 0 ? ++self.counter : 0);
      const clientData = enc.encode(JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false }));
      const authData = concat(await sha256(enc.encode(rpId)), new Uint8Array([flags]), u32(n));
      const signed = concat(authData, await sha256(clientData));
      const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, signed));
      return {
        id: credentialId,
        rawId: credentialId,
        type: "public-key",
        clientExtensionResults: {},
        response: { clientDataJSON: b64u(clientData), authenticatorData: b64u(authData), signature: b64u(derSignature(raw)) },
      };
    },
  };
  return self;
}
