/** The endpoint from which peer gateways fetch this gateway's cached segments. */
package cess.gateway.cache.boundary;
