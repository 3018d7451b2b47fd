/**
 * The gateway registry in JSON: its calls as clients send them and views show them
 * ({@link cess.oss.wire.OssJson}), and gateways as the REST API, the CLI and the console read
 * them ({@link cess.oss.wire.GatewayViews}). Pure: values in, JSON out; no container.
 */
package cess.oss.wire;
