package dev.ordersync.crypto;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Wrapped subject keys in a map; copies in and out, so callers cannot change what is stored. */
final class InMemorySubjectKeyStore implements SubjectKeyStore {
  private final ConcurrentMap<String, byte[]> keys = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> find(String subjectId) {
    return Optional.ofNullable(keys.get(subjectId)).map(byte[]::clone);
  }

  @Override
  public byte[] putIfAbsent(String subjectId, byte[] wrappedKey) {
    byte[] previous = keys.putIfAbsent(subjectId, wrappedKey.clone());
    return (previous == null ? wrappedKey : previous).clone();
  }

  @Override
  public boolean delete(String subjectId) {
    return keys.remove(subjectId) != null;
  }

  @Override
  public String toString() {
    return "in-memory subject keys (" + keys.size() + " subjects)";
  }
}
