package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that breaks RFC 6455 on a live socket is answered with the close code the RFC names
 * (1002 protocol error, 1007 invalid payload data, 1009 message too big) and the connection ends;
 * the server never writes HTTP into an upgraded stream. Frames are built by hand over a plain
 * socket after a proper upgrade.
 */
class SocketProtocolViolationsTest {
  private static final String FEED = LiveEndpoints.FEED_PATH;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawWebSocket open() throws IOException {
    RawWebSocket ws = RawWebSocket.connect(server.port(), FEED);
    assertTrue(ws.upgraded(), ws.head());
    return ws;
  }

  /** The server closes with {@code code} and then ends the connection, having sent no HTTP. */
  private static void assertFailedWith(int code, RawWebSocket ws, String what) throws IOException {
    assertEquals(code, ws.closeCode(), what);
    assertTrue(ws.endsAfter(), what + ": the server ends the connection after its close frame");
    assertFalse(ws.bytesAfterUpgrade().contains("HTTP/"), what + ": " + ws.bytesAfterUpgrade());
  }

  @Test
  void aReservedOpcodeIs1002AndNoHttpIsWrittenAfterThe101() throws IOException {
    for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
      try (RawWebSocket ws = open()) {
        ws.send(0x80 | opcode, "x".getBytes(StandardCharsets.US_ASCII));
        assertFailedWith(1002, ws, "opcode " + opcode);
      }
    }
  }

  @Test
  void aPingOver125BytesIs1002() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(0x89, new byte[126]);
      assertFailedWith(1002, ws, "a ping of 126 bytes");
    }
  }

  @Test
  void aPingOf125BytesIsAnsweredWithTheSamePong() throws IOException {
    try (RawWebSocket ws = open()) {
      byte[] payload = new byte[125];
      payload[0] = 42;
      ws.send(0x89, payload);
      RawWebSocket.Frame pong = ws.next();
      assertNotNull(pong);
      assertEquals(0xA, pong.opcode());
      assertEquals(125, pong.payload().length);
      ws.sendClose(1000);
      assertEquals(1000, ws.closeCode());
    }
  }

  @Test
  void aFragmentedControlFrameIs1002() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(0x09, new byte[] {1});
      assertFailedWith(1002, ws, "a ping without FIN");
    }
  }

  @Test
  void textThatIsNotUtf8Is1007() throws IOException {
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xC3, 0x28}, // a broken two-byte sequence
          {(byte) 0xC0, (byte) 0x80}, // an overlong NUL
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
          {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
          {'a', (byte) 0xE2, (byte) 0x82} // ends inside a character
        }) {
      try (RawWebSocket ws = open()) {
        ws.send(0x81, bad);
        assertFailedWith(1007, ws, "text " + java.util.HexFormat.of().formatHex(bad));
      }
    }
  }

  @Test
  void aCharacterSplitAcrossFragmentsIsValidText() throws IOException {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    try (RawWebSocket ws = open()) {
      ws.send(0x01, new byte[] {euro[0]});
      ws.send(0x80, new byte[] {euro[1], euro[2]});
      ws.sendClose(1000);
      // The text reached the listener as an auth message that is not JSON (4401) or the close
      // was answered first (1000): either way no protocol error.
      int code = ws.closeCode();
      assertTrue(code == 1000 || code == CloseCodes.UNAUTHENTICATED, "closed with " + code);
    }
  }

  @Test
  void aMessageOverTheLimitIs1009() throws IOException {
    int limit = StrictWsUpgradeProvider.MAX_MESSAGE_BYTES;
    try (RawWebSocket ws = open()) {
      ws.write(0x81, new byte[0], true, limit + 1L);
      assertFailedWith(1009, ws, "one frame over the limit");
    }
    try (RawWebSocket ws = open()) {
      ws.send(0x01, new byte[limit / 2 + 1]);
      ws.write(0x80, new byte[0], true, limit / 2 + 1L);
      assertFailedWith(1009, ws, "two fragments over the limit together");
    }
  }

  @Test
  void anInvalidCloseCodeIs1002() throws IOException {
    for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
      try (RawWebSocket ws = open()) {
        ws.sendClose(code);
        assertFailedWith(1002, ws, "close code " + code);
      }
    }
    try (RawWebSocket ws = open()) {
      ws.send(0x88, new byte[] {3});
      assertFailedWith(1002, ws, "a close payload of one byte");
    }
  }

  @Test
  void aCloseReasonThatIsNotUtf8Is1007() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(0x88, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28});
      assertFailedWith(1007, ws, "close reason not UTF-8");
    }
  }

  @Test
  void aValidCloseCodeIsEchoed() throws IOException {
    for (int code : new int[] {1000, 1001, 1011, 3000, 4000, 4999}) {
      try (RawWebSocket ws = open()) {
        ws.sendClose(code);
        assertEquals(code, ws.closeCode(), "close code " + code);
        assertTrue(ws.endsAfter());
      }
    }
  }

  @Test
  void anUnmaskedClientFrameIs1002() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.write(0x81, "hi".getBytes(StandardCharsets.US_ASCII), false, 2);
      assertFailedWith(1002, ws, "an unmasked frame");
    }
  }

  @Test
  void reservedBitsAndContinuationsOutOfOrderAre1002() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(0xC1, "x".getBytes(StandardCharsets.US_ASCII));
      assertFailedWith(1002, ws, "RSV1 without an extension");
    }
    try (RawWebSocket ws = open()) {
      ws.send(0x80, "x".getBytes(StandardCharsets.US_ASCII));
      assertFailedWith(1002, ws, "a continuation without a message");
    }
    try (RawWebSocket ws = open()) {
      ws.send(0x01, "x".getBytes(StandardCharsets.US_ASCII));
      ws.send(0x81, "y".getBytes(StandardCharsets.US_ASCII));
      assertFailedWith(1002, ws, "a new message inside a fragmented one");
    }
  }
}
