package dev.ordersync.core.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueObjectsTest {
  @Test
  void aMaskedPhoneKeepsItsPrefixAndLastFourDigitsOnly() {
    assertEquals("010-****-5678", PhoneNumber.parse("010-1234-5678").masked());
    assertEquals("010-***-5678", PhoneNumber.parse("0101235678").masked());
    assertEquals("02-***-4567", PhoneNumber.parse("02 123 4567").masked());
    assertEquals("****-5678", PhoneNumber.parse("1588-5678").masked());
  }

  @Test
  void wonRefusesNegativeAndHugeAmountsAndNeverOverflows() {
    assertThrows(IllegalArgumentException.class, () -> Won.of(-1));
    assertThrows(IllegalArgumentException.class, () -> Won.of(Won.MAX + 1));
    assertThrows(IllegalArgumentException.class, () -> Won.of(Won.MAX).plus(Won.of(1)));
    assertThrows(IllegalArgumentException.class, () -> Won.of(Won.MAX).times(2));
    assertEquals(Won.of(27000), Won.of(9000).times(3));
  }

  @Test
  void businessNumbersAreCheckedByTheirCheckDigit() {
    // 220-81-62517 is a well-known valid number; changing the last digit breaks the checksum.
    assertEquals("2208162517", BusinessNumber.parse("220-81-62517").digits());
    assertEquals("220-81-62517", BusinessNumber.parse("2208162517").formatted());
    assertThrows(IllegalArgumentException.class, () -> BusinessNumber.parse("220-81-62518"));
    assertThrows(IllegalArgumentException.class, () -> BusinessNumber.parse("12345"));
    assertThrows(IllegalArgumentException.class, () -> BusinessNumber.parse("abcdefghij"));
  }

  @Test
  void koreanPhoneNumbersAreNormalisedToDigits() {
    assertEquals("01012345678", PhoneNumber.parse("010-1234-5678").digits());
    assertEquals("01012345678", PhoneNumber.parse("+82 10 1234 5678").digits());
    assertEquals("021234567", PhoneNumber.parse("02-123-4567").digits());
    assertEquals("010-1234-5678", PhoneNumber.parse("01012345678").formatted());
    assertEquals("02-123-4567", PhoneNumber.parse("021234567").formatted());
    assertThrows(IllegalArgumentException.class, () -> PhoneNumber.parse("555-0100"));
    assertThrows(IllegalArgumentException.class, () -> PhoneNumber.parse("010-12-34"));
  }

  @Test
  void emailsAreTrimmedAndLowerCased() {
    assertEquals("owner@example.kr", new EmailAddress("  Owner@Example.KR ").value());
    assertThrows(IllegalArgumentException.class, () -> new EmailAddress("not-an-email"));
    assertThrows(IllegalArgumentException.class, () -> new EmailAddress("a@b"));
  }

  @Test
  void idsAreVersion7AndStrictlyIncreasingWithinOneMillisecond() {
    Clock frozen = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
    UUID previous = Ids.newId(frozen);
    for (int i = 0; i < 10_000; i++) {
      UUID next = Ids.newId(frozen);
      assertEquals(7, next.version());
      assertEquals(2, next.variant());
      assertTrue(next.compareTo(previous) > 0, "ids must increase");
      previous = next;
    }
    assertThrows(IllegalArgumentException.class, () -> Ids.parse("1234"));
  }
}
