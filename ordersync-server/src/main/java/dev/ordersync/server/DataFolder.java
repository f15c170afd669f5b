package dev.ordersync.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The server's data folder (embedded database, generated keys), held with an exclusive lock for as
 * long as the server runs, so two servers can never share one folder and a folder that cannot be
 * written is found before anything starts.
 */
final class DataFolder implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private DataFolder(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  static DataFolder open(Path path) {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new StartupException(
          "the data folder "
              + path
              + " cannot be created ("
              + e.getClass().getSimpleName()
              + "); set ORDERSYNC_DATA_DIR");
    }
    if (!Files.isDirectory(path) || !Files.isWritable(path)) {
      throw new StartupException(
          "the data folder " + path + " is not writable; set ORDERSYNC_DATA_DIR");
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              path.resolve("ordersync.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StartupException(
          "the data folder " + path + " is not writable; set ORDERSYNC_DATA_DIR");
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new OverlappingFileLockException();
      }
      return new DataFolder(path, channel, lock);
    } catch (IOException | OverlappingFileLockException e) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
      throw new StartupException("another OrderSync server is using the data folder " + path);
    }
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
