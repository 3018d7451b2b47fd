/**
 * Pure rules of the node's edge: how many requests may read a body at once, how slowly a body
 * may arrive before the node stops waiting for it, and what to do next to keep an endpoint the
 * chain records for this node true ({@link cess.platform.model.EndpointStep}). No container
 * types; time is an input.
 */
package cess.platform.model;
