// Signing transactions. Either in this browser, with WebCrypto's Ed25519 (the key stays in this
// tab's memory and is never sent), or by the node with its operator key (admins only, who give
// their password again for each such signature). The node computes the bytes to sign from the
// transaction's JSON; the signature is checked on submission like any other, so a wrong payload
// can only be refused, never misused.
import { post, awaitFinal } from './api.js';

const PKCS8_ED25519_PREFIX = hex('302e020100300506032b657004220420');

function hex(text) {
  const t = text.startsWith('0x') ? text.slice(2) : text;
  const out = new Uint8Array(t.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(t.substr(i * 2, 2), 16);
  }
  return out;
}

function toHex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromBase64Url(text) {
  const b = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** A 32-byte seed from "//Name" (a devnet dev key: SHA-256 of "cess-dev-key://Name") or 64 hex digits. */
async function seedOf(text) {
  if (!webCryptoEd25519()) {
    throw new Error('this page is not a secure context (open the console over HTTPS or on localhost), so the browser '
      + 'offers no WebCrypto to sign with: use the node\'s operator key, or the CLI');
  }
  const t = text.trim();
  if (t.startsWith('//') && t.length > 2) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('cess-dev-key:' + t)));
  }
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(t)) {
    return hex(t);
  }
  throw new Error('a key is a devnet dev key such as //Bob, or a 32-byte seed as 64 hex digits');
}

/** Whether this page may sign: WebCrypto exists only in secure contexts (HTTPS, or localhost). */
export function webCryptoEd25519() {
  return !!(globalThis.isSecureContext && globalThis.crypto && crypto.subtle);
}

/** A key held in this browser tab. */
export async function browserKey(text) {
  const seed = await seedOf(text);
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  pkcs8.set(PKCS8_ED25519_PREFIX);
  pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
  let key;
  try {
    key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  } catch (e) {
    throw new Error('this browser has no WebCrypto Ed25519 (' + e.message + '): sign with the node\'s operator key');
  }
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const publicKey = toHex(fromBase64Url(jwk.x));
  const signing = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  return { publicKey, signing, label: text.trim().startsWith('//') ? text.trim() : 'key 0x' + publicKey.slice(0, 8) + '…' };
}

/**
 * Signs and submits {@code call} with {@code signer} ({kind:'browser', key} or {kind:'operator', password}),
 * then waits for the transaction to be final. Returns the final status (included or rejected).
 */
export async function submit(call, signer) {
  let sent;
  if (signer.kind === 'operator') {
    sent = await post('/console/transactions', { call, password: signer.password() });
  } else {
    const unsigned = await post('/transactions/signing-payload', { publicKey: '0x' + signer.key.publicKey, call });
    const signature = await crypto.subtle.sign({ name: 'Ed25519' }, signer.key.signing, hex(unsigned.payload));
    sent = await post('/transactions', {
      sender: unsigned.sender, nonce: unsigned.nonce, fee: unsigned.fee, call: unsigned.call,
      signature: '0x' + toHex(signature),
    });
  }
  const done = await awaitFinal(sent.hash);
  return { ...done, hash: sent.hash };
}
