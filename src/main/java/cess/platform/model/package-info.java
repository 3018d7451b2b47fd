/**
 * Pure rules of the HTTP edge: how many requests may read a body at once, and how slowly a body
 * may arrive before the node stops waiting for it. No container types; time is an input.
 */
package cess.platform.model;
