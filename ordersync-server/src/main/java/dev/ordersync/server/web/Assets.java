package dev.ordersync.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Every file of the web pages, read from the classpath once at start and held in memory (the app
 * and the guest pages together are a few hundred kilobytes): each with its content type, a strong
 * ETag from its SHA-256, and a gzip copy when that is smaller. Nothing is read from disk per
 * request, and a page can never be served half-updated.
 */
public final class Assets {
  /** One file, ready to send. */
  record Asset(String path, String contentType, byte[] body, byte[] gzip, String etag) {}

  private final Map<String, Asset> byPath;

  private Assets(Map<String, Asset> byPath) {
    this.byPath = Map.copyOf(byPath);
  }

  /** The files under {@code root} on the classpath (a folder or inside the jar). */
  public static Assets fromClasspath(String root) {
    URL url = Assets.class.getClassLoader().getResource(root);
    if (url == null) {
      throw new IllegalStateException("no web pages on the classpath under " + root);
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          fs = FileSystems.newFileSystem(uri, Map.of());
        }
        return read(fs.getPath(root));
      }
      return read(Path.of(uri));
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the web pages under " + root, e);
    }
  }

  private static Assets read(Path root) throws IOException {
    Map<String, Asset> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        files.put(rel, asset(rel, Files.readAllBytes(p)));
      }
    }
    return new Assets(files);
  }

  static Asset asset(String path, byte[] body) {
    String type = contentType(path);
    byte[] gz = compressible(type) ? gzip(body) : null;
    if (gz != null && gz.length >= body.length) {
      gz = null;
    }
    return new Asset(path, type, body, gz, "\"" + sha256(body).substring(0, 32) + "\"");
  }

  /** The file at this path relative to the root ({@code app/board.js}), if there is one. */
  Optional<Asset> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** Every file, for a report of sizes. */
  Map<String, Asset> all() {
    return byPath;
  }

  static String contentType(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=UTF-8";
      case "js", "mjs" -> "text/javascript; charset=UTF-8";
      case "css" -> "text/css; charset=UTF-8";
      case "json" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "ico" -> "image/x-icon";
      case "webmanifest" -> "application/manifest+json";
      case "wav" -> "audio/wav";
      case "mp3" -> "audio/mpeg";
      case "txt" -> "text/plain; charset=UTF-8";
      default -> "application/octet-stream";
    };
  }

  private static boolean compressible(String type) {
    return type.startsWith("text/")
        || type.startsWith("application/json")
        || type.startsWith("image/svg")
        || type.startsWith("application/manifest");
  }

  private static byte[] gzip(byte[] body) {
    var out = new ByteArrayOutputStream(body.length / 2 + 64);
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
