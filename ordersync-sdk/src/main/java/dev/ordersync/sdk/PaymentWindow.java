package dev.ordersync.sdk;

/**
 * What a guest's page needs to open Toss's payment window.
 *
 * @param clientKey Toss's client key ({@code test_ck_...})
 * @param scriptUrl Toss's script
 */
public record PaymentWindow(String clientKey, String scriptUrl) {}
