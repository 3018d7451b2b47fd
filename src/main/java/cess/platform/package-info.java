/**
 * The container shell shared by every component: node configuration, the database (Flyway
 * migrations, then the JPA unit), the clock, the JAX-RS application and its error mapping.
 */
package cess.platform;
