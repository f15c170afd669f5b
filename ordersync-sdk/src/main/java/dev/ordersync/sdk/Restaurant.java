package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * A restaurant. Its public profile ({@link RestaurantsResource#get(UUID)}) leaves out what only its
 * owner sees, so {@code businessNumber}, {@code autoAccept} and {@code version} are null there.
 *
 * @param phone may be null
 * @param address may be null
 * @param timeZone an IANA zone id such as {@code Asia/Seoul}
 * @param prepMinutes the usual preparation time offered to customers
 * @param openNow whether it takes orders right now
 */
public record Restaurant(
    UUID id,
    String name,
    String businessNumber,
    String phone,
    String address,
    String timeZone,
    boolean paused,
    Boolean autoAccept,
    int prepMinutes,
    PaymentMode paymentMode,
    boolean openNow,
    Long version,
    Instant createdAt,
    Instant updatedAt) {}
