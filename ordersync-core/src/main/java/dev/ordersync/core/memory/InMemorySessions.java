package dev.ordersync.core.memory;

import dev.ordersync.core.user.Session;
import dev.ordersync.core.user.Sessions;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link Sessions} in maps: sessions, live and spent refresh-token hashes, per-user cut-offs. */
final class InMemorySessions implements Sessions, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Data data = new Data();

  /** Everything this adapter holds, copied whole so a failed unit of work can put it back. */
  private static final class Data {
    final Map<UUID, Summary> sessions = new LinkedHashMap<>();
    final Map<ByteBuffer, UUID> liveTokens = new HashMap<>();
    final Map<ByteBuffer, UUID> spentTokens = new HashMap<>();
    final Map<UUID, Instant> notBefore = new HashMap<>();

    Data copy() {
      Data d = new Data();
      d.sessions.putAll(sessions);
      d.liveTokens.putAll(liveTokens);
      d.spentTokens.putAll(spentTokens);
      d.notBefore.putAll(notBefore);
      return d;
    }
  }

  InMemorySessions(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Data before = data.copy();
    return () -> data = before;
  }

  @Override
  public void open(Session session, byte[] refreshTokenHash) {
    tx.locked(
        () -> {
          data.sessions.put(session.id(), new Summary(session, null, null));
          data.liveTokens.put(ByteBuffer.wrap(refreshTokenHash.clone()), session.id());
        });
  }

  @Override
  public Rotation rotate(byte[] presentedHash, byte[] nextHash, Instant now) {
    return tx.locked(
        () -> {
          ByteBuffer presented = ByteBuffer.wrap(presentedHash);
          UUID live = data.liveTokens.get(presented);
          if (live != null) {
            Summary s = data.sessions.get(live);
            if (s.revokedAt() != null || !now.isBefore(s.session().expiresAt())) {
              return new Rotation.Ended(s.session());
            }
            data.liveTokens.remove(presented);
            data.spentTokens.put(presented, live);
            data.liveTokens.put(ByteBuffer.wrap(nextHash.clone()), live);
            return new Rotation.Rotated(s.session());
          }
          UUID spent = data.spentTokens.get(presented);
          if (spent != null) {
            return new Rotation.Reused(data.sessions.get(spent).session());
          }
          return new Rotation.Unknown();
        });
  }

  @Override
  public void revoke(UUID sessionId, String reason, Instant at) {
    tx.locked(
        () -> {
          Summary s = data.sessions.get(sessionId);
          if (s != null && s.revokedAt() == null) {
            data.sessions.put(sessionId, new Summary(s.session(), at, reason));
          }
        });
  }

  @Override
  public int revokeAll(UUID userId, String reason, Instant at) {
    return tx.locked(
        () -> {
          data.notBefore.put(userId, at);
          int n = 0;
          for (Summary s : List.copyOf(data.sessions.values())) {
            if (s.session().userId().equals(userId) && s.revokedAt() == null) {
              revoke(s.session().id(), reason, at);
              n++;
            }
          }
          return n;
        });
  }

  @Override
  public boolean active(UUID sessionId, UUID userId, Instant issuedAt, Instant now) {
    return tx.locked(
        () -> {
          Summary s = data.sessions.get(sessionId);
          Instant notBefore = data.notBefore.get(userId);
          return s != null
              && s.session().userId().equals(userId)
              && s.revokedAt() == null
              && now.isBefore(s.session().expiresAt())
              && (notBefore == null || !issuedAt.isBefore(notBefore));
        });
  }

  @Override
  public List<Summary> of(UUID userId) {
    return tx.locked(
        () ->
            data.sessions.values().stream()
                .filter(s -> s.session().userId().equals(userId))
                .sorted(Comparator.comparing((Summary s) -> s.session().createdAt()).reversed())
                .toList());
  }
}
