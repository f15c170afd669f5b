/**
 * The SDK's machinery, not part of its API: JSON mapping, the HTTP exchange with its retries and
 * back-off. Anything here may change in any release; depend only on {@code dev.ordersync.sdk}.
 */
package dev.ordersync.sdk.internal;
