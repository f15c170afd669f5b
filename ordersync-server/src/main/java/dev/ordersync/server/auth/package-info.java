/**
 * Who is calling: Argon2id password hashes, signed access tokens (JWT, ES256 on Google Tink),
 * anonymous order tokens, and the request authenticator.
 */
package dev.ordersync.server.auth;
