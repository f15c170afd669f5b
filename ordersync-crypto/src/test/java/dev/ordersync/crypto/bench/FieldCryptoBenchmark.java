package dev.ordersync.crypto.bench;

import dev.ordersync.crypto.BlindIndex;
import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.crypto.KeysetStore;
import dev.ordersync.crypto.SubjectKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-value costs an order write pays: encrypting and decrypting a 32-byte field (a phone
 * number, a name) under the field keyset and under a subject's cached key, and computing a blind
 * index. Local keyset; KMS is not on this path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FieldCryptoBenchmark {
  private Path keys;
  private FieldCrypto crypto;
  private BlindIndex emailIndex;
  private final byte[] field = new byte[32];
  private final FieldContext context =
      FieldContext.of("orders", "customer_phone", "0b9f3c1e-8d2a-4f7b-9a61-3c5e2d7f1a04");
  private final FieldContext subjectContext = context.forSubject("customer:0b9f3c1e");
  private byte[] stored;
  private byte[] storedForSubject;

  @Setup
  public void setUp() throws IOException {
    keys = Files.createTempDirectory("ordersync-crypto-bench");
    crypto =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys.resolve("keys")))
            .subjectKeyStore(SubjectKeyStore.inMemory())
            .build();
    emailIndex = crypto.blindIndex("users", "email", 22);
    new Random(1).nextBytes(field);
    stored = crypto.encrypt(field, context);
    storedForSubject = crypto.encrypt(field, subjectContext);
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(keys)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public byte[] encrypt32Bytes() {
    return crypto.encrypt(field, context);
  }

  @Benchmark
  public byte[] decrypt32Bytes() {
    return crypto.decrypt(stored, context);
  }

  @Benchmark
  public byte[] encrypt32BytesForASubject() {
    return crypto.encrypt(field, subjectContext);
  }

  @Benchmark
  public byte[] decrypt32BytesOfASubject() {
    return crypto.decrypt(storedForSubject, subjectContext);
  }

  @Benchmark
  public byte[] blindIndexOfAnEmail() {
    return emailIndex.compute("kim.minjun@example.kr");
  }
}
