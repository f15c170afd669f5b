package dev.ordersync.core.notify;

/** How a message reaches its recipient. */
public enum Channel {
  /** A text message (SMS, or LMS when it is too long for one) to a Korean mobile number. */
  SMS,
  /** An email. */
  EMAIL
}
