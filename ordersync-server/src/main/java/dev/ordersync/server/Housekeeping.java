package dev.ordersync.server;

import dev.ordersync.core.payment.ExpireUnpaidOrders;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.postgres.PostgresIdempotencyStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's scheduled jobs, on one daemon thread: sealing the audit trail, purging expired
 * idempotency keys, sweeping orders left unpaid, and reloading the keys from the database; and on a
 * second one, verifying the audit hash chain (ORDERSYNC_AUDIT_VERIFY_INTERVAL). A job that fails
 * logs a warning and runs again at its next turn.
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

  private final ScheduledExecutorService scheduler;
  private final ScheduledExecutorService verifier;

  private Housekeeping(ScheduledExecutorService scheduler, ScheduledExecutorService verifier) {
    this.scheduler = scheduler;
    this.verifier = verifier;
  }

  static Housekeeping start(
      Infrastructure infra,
      AuditWiring audit,
      Adapters adapters,
      PaymentsWiring payments,
      AdminRoutes.AuditVerification verification,
      Credentials credentials) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    // Records are chained and signed soon after they commit, so tampering has little time to hide.
    scheduler.scheduleWithFixedDelay(audit::seal, 200, 200, TimeUnit.MILLISECONDS);
    PostgresIdempotencyStore idempotency = adapters.idempotency();
    scheduler.scheduleWithFixedDelay(
        () -> purgeIdempotencyKeys(idempotency), 1, 60, TimeUnit.MINUTES);
    if (payments.toss().enabled()) {
      long every = Math.max(100, payments.toss().sweepInterval().toMillis());
      ExpireUnpaidOrders expireUnpaid = payments.expireUnpaid();
      scheduler.scheduleWithFixedDelay(
          () -> sweepUnpaidOrders(expireUnpaid), every, every, TimeUnit.MILLISECONDS);
    }
    FieldCrypto columnKeys = infra.columns().crypto();
    DeploymentKeys keys = infra.deploymentKeys();
    AccessTokens tokens = credentials.accessTokens();
    scheduler.scheduleWithFixedDelay(
        () -> reloadKeys(columnKeys, keys, tokens), 60, 60, TimeUnit.SECONDS);
    // On a thread of its own: reading the whole chain must not hold up the sealing above.
    ScheduledExecutorService verifier =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("audit-verify").factory());
    Duration every = infra.config().auditVerifyInterval();
    if (every != null) {
      verifier.scheduleWithFixedDelay(
          () -> verifyAudit(verification),
          every.toMillis(),
          every.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return new Housekeeping(scheduler, verifier);
  }

  /**
   * Verifies the audit hash chain against its checkpoints; the metered verification sets {@code
   * ordersync_audit_chain_intact}, which OrderSyncAuditChainBroken alerts on.
   */
  private static void verifyAudit(AdminRoutes.AuditVerification verification) {
    try {
      var v = verification.verify();
      if (!v.intact()) {
        LOG.severe(
            "the audit hash chain is broken: "
                + v.findings().size()
                + " finding(s), the first "
                + v.findings().getFirst()
                + "; see docs/operations.md, OrderSyncAuditChainBroken");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not verify the audit trail", e);
    }
  }

  /** Idempotency records are kept for their retention only, so the table does not grow forever. */
  private static void purgeIdempotencyKeys(PostgresIdempotencyStore idempotency) {
    try {
      int purged = idempotency.purgeExpired();
      if (purged > 0) {
        LOG.fine("purged " + purged + " expired idempotency keys");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not purge expired idempotency keys", e);
    }
  }

  /**
   * Settles confirms that went unanswered and expires orders whose payment never came (their stock
   * goes back), asking Toss about each first: a customer is never left waiting on a lost response.
   */
  private static void sweepUnpaidOrders(ExpireUnpaidOrders expireUnpaid) {
    try {
      var swept = expireUnpaid.handle();
      if (swept.expired() + swept.paid() > 0) {
        LOG.info(
            "unpaid orders: "
                + swept.expired()
                + " expired, "
                + swept.paid()
                + " found paid at Toss, "
                + swept.deferred()
                + " left for the next sweep");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not sweep unpaid orders", e);
    }
  }

  /**
   * Keys rotated elsewhere (the keys commands, another instance) are read from the database and
   * take effect here within a minute: the column keys (a read of a value under a key not yet loaded
   * reloads at once) and the JWT signing keys (a new primary signs; a retired key no longer
   * verifies).
   */
  static void reloadKeys(FieldCrypto columnKeys, DeploymentKeys keys, AccessTokens tokens) {
    try {
      columnKeys.reload();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not reload the column encryption keys", e);
    }
    try {
      tokens.useSigningKeys(keys.signingKeys());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not reload the JWT signing keys", e);
    }
  }

  @Override
  public void close() {
    verifier.shutdownNow();
    scheduler.shutdownNow();
  }
}
