/**
 * The pure rules of the gateway registry, CESS's {@code oss} pallet: a gateway (DeOSS) account
 * registers the endpoint at which it serves users and other gateways, changes it, and leaves.
 * {@link cess.oss.model.Oss} is the module, {@link cess.oss.model.OssRules} its rules,
 * {@link cess.oss.model.GatewayEndpoint} what an endpoint may be, and
 * {@link cess.oss.model.OssGenesis} the gateways registered from block 0. Users' authorizations
 * of gateways are the storage market's grants, not this module's.
 *
 * <p>Imports only {@code cess.shared}, {@code cess.ledger.model} and the JDK.
 */
package cess.oss.model;
