/**
 * The order aggregate. {@link dev.ordersync.core.order.Order} is the aggregate root and the only
 * place that knows which status may follow which ({@link dev.ordersync.core.order.OrderAction});
 * every change returns an {@link dev.ordersync.core.order.OrderEvent}.
 */
package dev.ordersync.core.order;
