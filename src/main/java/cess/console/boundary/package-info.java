/**
 * The admin console: its static pages (served from {@code webapp/console/}) and the few API
 * endpoints only the signed-in console uses (the session, transactions signed with the node's
 * operator key). Everything else it shows comes from the public API.
 */
package cess.console.boundary;
