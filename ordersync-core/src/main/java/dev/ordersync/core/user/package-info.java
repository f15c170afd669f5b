/**
 * Accounts, roles and restaurant memberships; registering, logging in and reading one's profile.
 */
package dev.ordersync.core.user;
