package dev.ordersync.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Events between server instances over Redis pub/sub. Events committed here go to this instance's
 * sockets at once, and to Redis from a queue of their own, so a slow or absent Redis never holds up
 * an order; events from other instances arrive through one subscription. When Redis goes away both
 * sides reconnect with backoff; each (re)subscription asks the subscriber to resync from the event
 * log, which is how what was published meanwhile is found again. Redis pub/sub delivers at most
 * once: it is a fast hint, the database is the truth (decision 0011).
 */
public final class RedisEventBus implements EventBus {
  private static final Logger LOG = Logger.getLogger(RedisEventBus.class.getName());
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final HostAndPort address;
  private final JedisClientConfig publishConfig;
  private final JedisClientConfig subscribeConfig;
  private final String channel;
  private final String instance = UUID.randomUUID().toString();
  private final Tracing tracing;
  private final BlockingQueue<Object> outbox = new ArrayBlockingQueue<>(10_000);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread publisher;
  private final Thread listener;
  private final Thread pinger;
  private volatile Subscriber subscriber;
  private volatile boolean running = true;
  private volatile boolean subscribed;
  private volatile boolean publishing = true;
  private volatile JedisPubSub current;
  private volatile Jedis subscription;

  /**
   * @param url {@code redis://[user:password@]host[:port][/db]} or {@code rediss://}
   * @param channel the pub/sub channel shared by the instances of one deployment
   */
  public RedisEventBus(URI url, String channel) {
    this(url, channel, Tracing.off());
  }

  /**
   * @param tracing each publish of a traced change is a span of the change's trace, and the event
   *     carries its trace context to the other instances
   */
  public RedisEventBus(URI url, String channel, Tracing tracing) {
    this.tracing = tracing;
    if (!JedisURIHelper.isRedisScheme(url) && !JedisURIHelper.isRedisSSLScheme(url)
        || url.getHost() == null) {
      throw new IllegalArgumentException("not a redis:// or rediss:// URL with a host");
    }
    this.address = new HostAndPort(url.getHost(), url.getPort() == -1 ? 6379 : url.getPort());
    this.publishConfig = config(url, 1_000);
    this.subscribeConfig = config(url, 15_000);
    this.channel = channel;
    this.publisher =
        Thread.ofPlatform().daemon().name("ordersync-redis-publisher").start(this::publishLoop);
    this.listener =
        Thread.ofPlatform().daemon().name("ordersync-redis-subscriber").start(this::subscribeLoop);
    this.pinger = Thread.ofPlatform().daemon().name("ordersync-redis-pinger").start(this::pingLoop);
  }

  private static JedisClientConfig config(URI url, int timeoutMillis) {
    return DefaultJedisClientConfig.builder()
        .user(JedisURIHelper.getUser(url))
        .password(JedisURIHelper.getPassword(url))
        .database(JedisURIHelper.getDBIndex(url))
        .ssl(JedisURIHelper.isRedisSSLScheme(url))
        .connectionTimeoutMillis(1_000)
        .socketTimeoutMillis(timeoutMillis)
        .build();
  }

  @Override
  public void publish(LiveEvent event) {
    Subscriber s = subscriber;
    if (s != null) {
      s.deliver(event);
    }
    if (!outbox.offer(event)) {
      // Redis is far behind or away: the other instances find this event in the log when they
      // resync.
      dropped.incrementAndGet();
    }
  }

  @Override
  public void publishMenu(MenuEvent event) {
    Subscriber s = subscriber;
    if (s != null) {
      s.deliverMenu(event);
    }
    if (!outbox.offer(event)) {
      // Menu followers on other instances miss this one; they refetch when they reconnect.
      dropped.incrementAndGet();
    }
  }

  @Override
  public int pending() {
    return outbox.size();
  }

  @Override
  public double oldestPendingSeconds() {
    if (outbox.peek() instanceof LiveEvent e && e.committedAtMicros() > 0) {
      long now = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      return Math.max(0, now - e.committedAtMicros()) / 1e6;
    }
    return 0;
  }

  @Override
  public void subscribe(Subscriber subscriber) {
    this.subscriber = subscriber;
  }

  @Override
  public boolean healthy() {
    return subscribed && publishing;
  }

  private void publishLoop() {
    Jedis jedis = null;
    long backoff = 50;
    while (running) {
      Object event;
      try {
        event = outbox.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        if (!publishing) {
          // Nothing to send: check whether Redis is back, so that health says so without waiting
          // for an order.
          try {
            if (jedis == null) {
              jedis = new Jedis(address, publishConfig);
            }
            jedis.ping();
            publishing = true;
            backoff = 50;
          } catch (RuntimeException e) {
            closeQuietly(jedis);
            jedis = null;
          }
        }
        continue;
      }
      while (running) {
        try {
          if (jedis == null) {
            jedis = new Jedis(address, publishConfig);
          }
          publish(jedis, event);
          publishing = true;
          backoff = 50;
          break;
        } catch (RuntimeException e) {
          if (publishing) {
            LOG.log(
                Level.WARNING,
                "cannot publish live events to Redis; retrying with backoff: " + e.getMessage());
          }
          publishing = false;
          closeQuietly(jedis);
          jedis = null;
          if (!sleep(backoff)) {
            return;
          }
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
          // While Redis is away, keep only the newest events: the others are in the log.
          while (outbox.remainingCapacity() < 100) {
            outbox.poll();
            dropped.incrementAndGet();
          }
        }
      }
    }
    closeQuietly(jedis);
  }

  /**
   * Publishes one event; a live event of a traced change in a producer span of that change's trace.
   */
  private void publish(Jedis jedis, Object event) {
    SpanContext change =
        event instanceof LiveEvent e && tracing.on()
            ? Tracing.spanContext(e.trace())
            : SpanContext.getInvalid();
    if (!change.isValid()) {
      jedis.publish(channel, encode(event));
      return;
    }
    Span span =
        tracing
            .tracer()
            .spanBuilder("publish " + channel)
            .setParent(Context.root().with(Span.wrap(change)))
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute("messaging.system", "redis")
            .setAttribute("messaging.operation.type", "send")
            .setAttribute("messaging.destination.name", channel)
            .startSpan();
    try {
      jedis.publish(channel, encode(event));
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute("error.type", e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void subscribeLoop() {
    long backoff = 50;
    boolean warned = false;
    while (running) {
      boolean[] gotIn = {false};
      try (Jedis jedis = new Jedis(address, subscribeConfig)) {
        subscription = jedis;
        JedisPubSub pubSub =
            new JedisPubSub() {
              @Override
              public void onSubscribe(String ch, int count) {
                subscribed = true;
                gotIn[0] = true;
                LOG.info("subscribed to live events on Redis " + address);
                Subscriber s = subscriber;
                if (s != null) {
                  s.resync();
                }
              }

              @Override
              public void onMessage(String ch, String message) {
                received(message);
              }
            };
        current = pubSub;
        jedis.subscribe(pubSub, channel);
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        if (subscribed || !warned) {
          LOG.log(
              Level.WARNING,
              "lost the Redis subscription for live events; reconnecting with backoff: "
                  + e.getMessage());
          warned = true;
        }
      } finally {
        subscribed = false;
        current = null;
        subscription = null;
      }
      backoff = gotIn[0] ? 50 : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      if (!sleep(backoff)) {
        return;
      }
    }
  }

  /**
   * Keeps the subscription's connection talking, so that a Redis that silently vanished is noticed
   * in seconds.
   */
  private void pingLoop() {
    while (running) {
      if (!sleep(5_000)) {
        return;
      }
      JedisPubSub pubSub = current;
      if (pubSub != null && subscribed) {
        try {
          pubSub.ping();
        } catch (RuntimeException e) {
          // the subscribe loop sees the failure
        }
      }
    }
  }

  private void received(String message) {
    try {
      JsonNode m = Json.mapper().readTree(message);
      if (instance.equals(m.path("i").asText())) {
        return;
      }
      Subscriber s = subscriber;
      if (s != null && "menu".equals(m.path("k").asText())) {
        s.deliverMenu(new MenuEvent(UUID.fromString(m.path("r").asText()), m.path("p").asText()));
        return;
      }
      if (s != null) {
        s.deliver(
            new LiveEvent(
                UUID.fromString(m.path("e").asText()),
                UUID.fromString(m.path("o").asText()),
                UUID.fromString(m.path("r").asText()),
                m.path("v").asLong(),
                m.path("f").asLong(),
                m.path("t").asText(),
                m.path("p").asText(),
                m.path("c").asLong(),
                m.hasNonNull("tp") ? m.path("tp").asText() : null));
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "ignored a malformed live event from Redis", e);
    }
  }

  private String encode(Object event) {
    ObjectNode m = Json.mapper().createObjectNode();
    if (event instanceof MenuEvent menu) {
      m.put("i", instance);
      m.put("k", "menu");
      m.put("r", menu.restaurantId().toString());
      m.put("p", menu.message());
      return m.toString();
    }
    LiveEvent e = (LiveEvent) event;
    m.put("i", instance);
    m.put("e", e.eventId().toString());
    m.put("o", e.orderId().toString());
    m.put("r", e.restaurantId().toString());
    m.put("v", e.version());
    m.put("f", e.feedPosition());
    m.put("t", e.type());
    m.put("c", e.committedAtMicros());
    m.put("p", e.payload());
    if (e.trace() != null) {
      m.put("tp", e.trace());
    }
    return m.toString();
  }

  /**
   * Events not sent to Redis because it was away or behind (their receivers resync from the log).
   */
  @Override
  public long dropped() {
    return dropped.get();
  }

  private static boolean sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static void closeQuietly(Jedis jedis) {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
  }

  @Override
  public void close() {
    running = false;
    JedisPubSub pubSub = current;
    if (pubSub != null) {
      try {
        pubSub.unsubscribe();
      } catch (RuntimeException ignored) {
        // not subscribed any more
      }
    }
    Jedis s = subscription;
    closeQuietly(s);
    publisher.interrupt();
    listener.interrupt();
    pinger.interrupt();
  }
}
