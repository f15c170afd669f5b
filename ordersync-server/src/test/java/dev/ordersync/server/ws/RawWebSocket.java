package dev.ordersync.server.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client made of a plain socket and hand-built frames, for sending what a well-behaved
 * client library never would. It upgrades properly, then keeps every byte the server sends after
 * the 101 so a test can check that nothing but frames came.
 */
final class RawWebSocket implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A frame the server sent. */
  record Frame(int opcode, boolean fin, byte[] payload) {
    int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream afterUpgrade = new ByteArrayOutputStream();
  private final String head;

  private RawWebSocket(Socket socket, String head) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.head = head;
  }

  /** Upgrades {@code pathAndQuery}; the response head is {@link #head()}. */
  static RawWebSocket connect(int port, String pathAndQuery) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    writeUpgrade(s, pathAndQuery);
    return new RawWebSocket(s, readHead(s.getInputStream()));
  }

  /** Sends only the upgrade request and returns the socket, for a client that leaves at once. */
  static Socket upgradeOnly(int port, String pathAndQuery) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    writeUpgrade(s, pathAndQuery);
    return s;
  }

  private static void writeUpgrade(Socket s, String pathAndQuery) throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String request =
        "GET "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  String head() {
    return head;
  }

  boolean upgraded() {
    return head.startsWith("HTTP/1.1 101");
  }

  /** Sends a masked frame with {@code firstByte} (FIN, RSV bits and opcode) and the payload. */
  void send(int firstByte, byte[] payload) throws IOException {
    write(firstByte, payload, true, payload.length);
  }

  /** Sends a frame as given: masked or not, with a length field that may not match the payload. */
  void write(int firstByte, byte[] payload, boolean masked, long declaredLength)
      throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(firstByte);
    int maskBit = masked ? 0x80 : 0;
    if (declaredLength < 126) {
      f.write(maskBit | (int) declaredLength);
    } else if (declaredLength < 65536) {
      f.write(maskBit | 126);
      f.write((int) (declaredLength >>> 8));
      f.write((int) declaredLength & 0xFF);
    } else {
      f.write(maskBit | 127);
      for (int i = 56; i >= 0; i -= 8) {
        f.write((int) (declaredLength >>> i) & 0xFF);
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    if (masked) {
      f.write(mask, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      f.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
    }
    out.write(f.toByteArray());
    out.flush();
  }

  /** A close frame from the client with {@code code} and no reason. */
  void sendClose(int code) throws IOException {
    send(0x88, new byte[] {(byte) (code >>> 8), (byte) code});
  }

  /** The next frame from the server, or null at the end of the stream. */
  Frame next() throws IOException {
    int first = readByte();
    if (first < 0) {
      return null;
    }
    int second = readByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = (readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    byte[] payload = new byte[(int) length];
    for (int i = 0; i < length; i++) {
      payload[i] = (byte) readByte();
    }
    return new Frame(first & 0x0F, (first & 0x80) != 0, payload);
  }

  /** Reads frames until the server's close frame; its code, or -1 if the stream ended first. */
  int closeCode() throws IOException {
    for (Frame f = next(); f != null; f = next()) {
      if (f.opcode() == 0x8) {
        return f.closeCode();
      }
    }
    return -1;
  }

  /** True if the server closed the connection (the stream ends) within the socket's timeout. */
  boolean endsAfter() throws IOException {
    try {
      while (readByte() >= 0) {
        // drain
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** Everything the server sent after the 101 response, as ISO-8859-1 text. */
  String bytesAfterUpgrade() {
    return afterUpgrade.toString(StandardCharsets.ISO_8859_1);
  }

  private int readByte() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (java.net.SocketException e) {
      return -1; // reset by the server after its close
    }
    if (b >= 0) {
      afterUpgrade.write(b);
    }
    return b;
  }

  /** Drops the connection without a closing handshake. */
  @Override
  public void close() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // gone already
    }
  }
}
