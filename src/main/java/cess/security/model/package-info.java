/**
 * Pure security rules of the node, no container: where the admin console answers
 * ({@link cess.security.model.ConsoleOrigin}) and how failed logins are throttled
 * ({@link cess.security.model.LoginThrottle}). Time is an input.
 */
package cess.security.model;
