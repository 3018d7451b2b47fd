/**
 * The JSON form of ledger values, shared by the node's REST API and the command-line client.
 * The signature is over the canonical binary encoding, never over JSON text, so the JSON here
 * is only a transport: parsing it back yields exactly the signed bytes.
 */
package cess.ledger.wire;
