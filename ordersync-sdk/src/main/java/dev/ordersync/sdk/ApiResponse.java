package dev.ordersync.sdk;

/**
 * A call's result with what its response said beside the body: {@link
 * OrderSyncClient#withResponse}.
 *
 * <pre>{@code
 * ApiResponse<Order> placed = client.withResponse(c -> c.orders().place(request, options));
 * placed.metadata().idempotentReplayed();   // true: an earlier attempt had placed it
 * placed.metadata().requestId();
 * }</pre>
 *
 * @param data the call's result (null for a call that returns nothing)
 * @param metadata the last response's status and headers
 */
public record ApiResponse<T>(T data, ResponseMetadata metadata) {}
