package dev.ordersync.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A login that keeps itself fresh: a {@link TokenProvider} that refreshes the access token shortly
 * before it expires, and once more when the server refuses it with 401 (it was revoked, or the
 * clocks disagree). Thread-safe: one refresh at a time, and threads that find the token already
 * renewed by another use the new one instead of spending the refresh token again (a spent refresh
 * token presented twice ends the session). Share one session between clients and threads.
 *
 * <pre>{@code
 * Tokens tokens = ((LoginResult.Authenticated) client.auth().login(email, password)).tokens();
 * Session session = client.auth().session(tokens).onRefresh(store::save);
 * OrderSyncClient owner = client.withTokenProvider(session);
 * }</pre>
 *
 * When the refresh itself is refused (the session was ended, or the refresh token reused), calls
 * fail with that {@link AuthenticationException}, and the session stays {@link #ended()}: log in
 * again.
 */
public final class Session implements TokenProvider {
  /** Refresh this long before expiry, or a tenth of the token's life if that is shorter. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final AuthResource auth;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Consumer<Tokens>> listeners = new CopyOnWriteArrayList<>();
  private volatile State state;

  private record State(Tokens tokens, Instant refreshAt, Instant expiresAt, boolean ended) {}

  Session(AuthResource auth, Tokens tokens, Clock clock) {
    this.auth = auth;
    this.clock = clock == null ? Clock.systemUTC() : clock;
    this.state = state(Objects.requireNonNull(tokens, "tokens"));
  }

  private State state(Tokens tokens) {
    if (tokens.accessToken() == null) {
      throw new IllegalArgumentException("tokens without an access token");
    }
    Instant now = clock.instant();
    Duration life = Duration.ofSeconds(Math.max(0, tokens.expiresIn()));
    Duration margin = life.dividedBy(10).compareTo(MARGIN) < 0 ? life.dividedBy(10) : MARGIN;
    return new State(tokens, now.plus(life).minus(margin), now.plus(life), false);
  }

  /**
   * Calls {@code listener} with every new pair of tokens (to store the refresh token, say), on the
   * thread that refreshed.
   */
  public Session onRefresh(Consumer<Tokens> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** The tokens as they are now. */
  public Tokens tokens() {
    return state.tokens();
  }

  /** Whether a refresh was refused: the session is over, log in again. */
  public boolean ended() {
    return state.ended();
  }

  @Override
  public String accessToken() {
    State s = state;
    if (s.ended() || clock.instant().isBefore(s.refreshAt())) {
      return s.tokens().accessToken();
    }
    lock.lock();
    try {
      s = state;
      if (s.ended() || clock.instant().isBefore(s.refreshAt())) {
        return s.tokens().accessToken(); // another thread has just refreshed
      }
      try {
        return refresh(s).accessToken();
      } catch (ConnectionException | ServiceUnavailableException e) {
        if (clock.instant().isBefore(s.expiresAt())) {
          return s.tokens().accessToken(); // still valid: try to refresh again on the next call
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String refreshAfterRejection(String rejected) {
    lock.lock();
    try {
      State s = state;
      if (s.ended()) {
        return null;
      }
      if (!s.tokens().accessToken().equals(rejected)) {
        return s.tokens().accessToken(); // renewed meanwhile by another thread
      }
      return refresh(s).accessToken();
    } finally {
      lock.unlock();
    }
  }

  /** Refreshes now, whatever the expiry (holding the lock is not needed by callers). */
  public Tokens refresh() {
    lock.lock();
    try {
      return refresh(state);
    } finally {
      lock.unlock();
    }
  }

  private Tokens refresh(State s) {
    if (s.tokens().refreshToken() == null) {
      throw new AuthenticationException(
          Problem.of(401, "invalid_refresh_token", "these tokens have no refresh token"));
    }
    Tokens fresh;
    try {
      fresh = auth.refresh(s.tokens().refreshToken());
    } catch (AuthenticationException e) {
      state = new State(s.tokens(), s.refreshAt(), s.expiresAt(), true);
      throw e;
    }
    if (fresh.refreshToken() == null) {
      fresh =
          new Tokens(
              fresh.accessToken(),
              fresh.tokenType(),
              fresh.expiresIn(),
              fresh.restaurantId(),
              s.tokens().refreshToken());
    }
    state = state(fresh);
    for (Consumer<Tokens> l : listeners) {
      l.accept(fresh);
    }
    return fresh;
  }

  @Override
  public String toString() {
    State s = state;
    return "Session[expiresAt=" + s.expiresAt() + ", ended=" + s.ended() + "]";
  }
}
