/**
 * The node as a whole: the views that read every component at once, and so may depend on all of
 * them while none depends on this package (its readiness check, the operator's node info). Kept
 * out of {@code cess.platform}, which every component uses, so that the package graph has no cycle.
 */
package cess.node;
