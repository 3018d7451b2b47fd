/**
 * The gateway registry's container side: a gateway node keeps its own registration true
 * ({@link cess.oss.control.GatewayRegistration}).
 */
package cess.oss.control;
