/**
 * Apache Shiro for the node: the realm of operator users (admin, viewer) and filters that answer
 * 401/403 with the API's JSON error body. URL rules are in {@code WEB-INF/shiro.ini}.
 */
package cess.security;
