package dev.ordersync.crypto.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files readable and writable by their owner only (0600) in a folder of the owner only (0700),
 * written atomically so that a crash never leaves half a keyset behind. On file systems without
 * POSIX permissions the permission parts are skipped.
 */
public final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  public static void createFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (posix(folder.toAbsolutePath().getParent())) {
      Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
    } else {
      Files.createDirectories(folder);
    }
  }

  /**
   * The reason a file is unsafe to hold secrets, if it is: any permission for group or others.
   * Reading is what leaks the keys; writing would let someone swap in keys of their own, so both
   * are refused.
   */
  public static Optional<String> problem(Path file) throws IOException {
    if (!posix(file)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
    extra.addAll(permissions);
    extra.retainAll(GROUP_OR_OTHERS);
    if (extra.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "its permissions "
            + PosixFilePermissions.toString(permissions)
            + " let group or others "
            + (extra.contains(PosixFilePermission.GROUP_READ)
                    || extra.contains(PosixFilePermission.OTHERS_READ)
                ? "read it"
                : "use it")
            + ", and it holds cleartext keys; restrict it to its owner (chmod 600 "
            + file
            + ")");
  }

  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Replaces the file's content atomically. */
  public static void write(Path file, String content) throws IOException {
    Path temp = temp(file, content);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes the file only if it does not exist yet, atomically; returns false if another process got
   * there first. A hard link is the one atomic "create with this content unless present" that POSIX
   * offers.
   */
  public static boolean writeIfAbsent(Path file, String content) throws IOException {
    Path temp = temp(file, content);
    try {
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(file)) {
        return false;
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (FileAlreadyExistsException raced) {
        return false;
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path temp(Path file, String content) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    FileAttribute<?>[] attributes =
        posix(folder)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp", attributes);
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      return temp;
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private static boolean posix(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
