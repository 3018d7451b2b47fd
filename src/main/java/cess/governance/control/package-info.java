/**
 * Governance's services in the node: what the chain's governance does is kept beside the block
 * that did it (the treasury's log of movements, written in the block's own transaction) and read
 * back for the governance and treasury API.
 */
package cess.governance.control;
