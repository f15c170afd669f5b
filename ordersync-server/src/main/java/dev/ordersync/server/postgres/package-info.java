/**
 * PostgreSQL adapters for the core's ports: plain JDBC on a HikariCP pool, one transaction per unit
 * of work, Flyway migrations, the embedded default database.
 */
package dev.ordersync.server.postgres;
