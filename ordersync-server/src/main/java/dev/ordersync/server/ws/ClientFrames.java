package dev.ordersync.server.ws;

import io.helidon.common.buffers.DataReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a client sends on an upgraded connection, frame by frame, and holds it to RFC 6455
 * before anything reaches a listener: reserved bits and opcodes, unmasked frames, fragmented or
 * oversized control frames and continuations out of order are protocol errors (1002); a message
 * (all its fragments) over the limit is too big (1009), refused from its header before its payload
 * is read; text that is not valid UTF-8 is invalid payload data (1007). Fragments are joined: a
 * listener receives whole messages.
 */
final class ClientFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final int MAX_CONTROL_PAYLOAD = 125;

  /** A whole message or a control frame: {@code text} is set for text messages only. */
  record Message(int opcode, byte[] payload, String text) {}

  private final DataReader reader;
  private final int maxMessageBytes;
  private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
  private int messageOpcode = -1;

  ClientFrames(DataReader reader, int maxMessageBytes) {
    this.reader = reader;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The next control frame or whole data message; blocks until it is read. */
  Message next() {
    while (true) {
      int first = reader.read() & 0xFF;
      int second = reader.read() & 0xFF;
      boolean fin = (first & 0x80) != 0;
      int opcode = first & 0x0F;
      long length = checkHeader(first, second, opcode, fin);
      byte[] payload = payload((int) length);
      if (opcode >= CLOSE) {
        return new Message(opcode, payload, null);
      }
      if (opcode == CONTINUATION) {
        if (messageOpcode < 0) {
          throw new ProtocolViolation(
              ProtocolViolation.PROTOCOL_ERROR, "continuation frame without a message");
        }
      } else if (messageOpcode >= 0) {
        throw new ProtocolViolation(
            ProtocolViolation.PROTOCOL_ERROR, "new message before the previous one ended");
      } else {
        messageOpcode = opcode;
      }
      fragments.writeBytes(payload);
      if (fin) {
        return finish();
      }
    }
  }

  /** Checks the frame header; returns the payload length. */
  private long checkHeader(int first, int second, int opcode, boolean fin) {
    if ((first & 0x70) != 0) {
      throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "reserved bits set");
    }
    if (!(opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG))) {
      throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "reserved opcode " + opcode);
    }
    if ((second & 0x80) == 0) {
      throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "unmasked client frame");
    }
    long length = length(second & 0x7F);
    if (opcode >= CLOSE) {
      if (!fin) {
        throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "fragmented control frame");
      }
      if (length > MAX_CONTROL_PAYLOAD) {
        throw new ProtocolViolation(
            ProtocolViolation.PROTOCOL_ERROR, "control frame payload over 125 bytes");
      }
    } else if (length > maxMessageBytes - (long) fragments.size()) {
      throw new ProtocolViolation(
          ProtocolViolation.TOO_BIG, "message over " + maxMessageBytes + " bytes");
    }
    return length;
  }

  private long length(int sevenBits) {
    if (sevenBits < 126) {
      return sevenBits;
    }
    if (sevenBits == 126) {
      return ((reader.read() & 0xFF) << 8) | (reader.read() & 0xFF);
    }
    long length = 0;
    for (int i = 0; i < 8; i++) {
      length = (length << 8) | (reader.read() & 0xFF);
    }
    if (length < 0) {
      throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "payload length over 2^63");
    }
    return length;
  }

  private byte[] payload(int length) {
    byte[] mask = reader.readBytes(4);
    byte[] payload = length == 0 ? new byte[0] : reader.readBytes(length);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    return payload;
  }

  private Message finish() {
    byte[] whole = fragments.toByteArray();
    int opcode = messageOpcode;
    fragments.reset();
    messageOpcode = -1;
    return new Message(opcode, whole, opcode == TEXT ? utf8(whole) : null);
  }

  /** Strict UTF-8: malformed, overlong and surrogate sequences are 1007. */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolViolation(ProtocolViolation.INVALID_PAYLOAD, "text that is not UTF-8");
    }
  }
}
