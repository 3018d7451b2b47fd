/**
 * Pure rules of operator access, no container (ArchUnit guards it): where the admin console answers
 * ({@link cess.console.model.ConsoleOrigin}) and how failed logins (console, admin API) are throttled
 * ({@link cess.console.model.LoginThrottle}). Time is an input.
 */
package cess.console.model;
