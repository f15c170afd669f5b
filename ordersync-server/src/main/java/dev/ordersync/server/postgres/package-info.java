/**
 * PostgreSQL adapters for the core's ports: plain JDBC on a HikariCP pool, one transaction per unit
 * of work (orders of one restaurant grouped into shared transactions by group commit), Flyway
 * migrations, the embedded default database.
 */
package dev.ordersync.server.postgres;
