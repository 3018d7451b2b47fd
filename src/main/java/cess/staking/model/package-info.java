/**
 * Validator candidacy on chain: bonding stake to become a candidate for R²S, leaving, and the
 * records the selection reads. Pure rules, like the rest of the model packages.
 */
package cess.staking.model;
