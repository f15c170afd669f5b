/**
 * The web pages: the restaurant's app at {@code /app/} and the guest's pages at {@code /r/} and
 * {@code /o/}, served from the jar with content-hash ETags and a strict Content-Security-Policy.
 */
package dev.ordersync.server.web;
