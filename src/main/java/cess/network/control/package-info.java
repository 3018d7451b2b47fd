/**
 * The node's messaging: an embedded ActiveMQ Artemis broker (in-VM for the devnet) and the
 * Jakarta Messaging connection factory every component sends and receives through.
 */
package cess.network.control;
