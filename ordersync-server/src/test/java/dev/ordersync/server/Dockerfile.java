package dev.ordersync.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The repository's Dockerfile read as its instructions (comments dropped, continued lines joined),
 * by stage. No Docker engine runs on the build machine, so tests read the file instead of building
 * it.
 */
record Dockerfile(List<Stage> stages) {
  static final Path FILE = Path.of("..", "Dockerfile");

  /** One instruction: its keyword in upper case and the rest of its line. */
  record Instruction(String keyword, String arguments) {
    /** The arguments of an exec-form instruction ({@code ["java", "-jar", ...]}). */
    List<String> execForm() {
      String a = arguments.strip();
      if (keyword.equals("HEALTHCHECK")) {
        int cmd = a.indexOf("CMD ");
        if (cmd < 0) {
          throw new AssertionError("HEALTHCHECK without CMD: " + arguments);
        }
        a = a.substring(cmd + 4).strip();
      }
      if (!a.startsWith("[") || !a.endsWith("]")) {
        throw new AssertionError(keyword + " is not in exec form: " + arguments);
      }
      List<String> words = new ArrayList<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(a);
      while (m.find()) {
        words.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
      return words;
    }

    /** The words of the arguments, split on blanks, flags ({@code --from=build}) included. */
    List<String> words() {
      return Arrays.asList(arguments.strip().split("\\s+"));
    }
  }

  /** A build stage: {@code FROM image AS name} and its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Instruction last(String keyword) {
      List<Instruction> found = all(keyword);
      if (found.isEmpty()) {
        throw new AssertionError("stage " + name + " has no " + keyword);
      }
      return found.getLast();
    }
  }

  static Dockerfile read() throws IOException {
    return parse(Files.readString(FILE));
  }

  static Dockerfile parse(String text) {
    List<String> logical = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      if (current.isEmpty() && (stripped.startsWith("#") || stripped.isEmpty())) {
        continue;
      }
      if (!current.isEmpty() && stripped.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      current.append(stripped);
      logical.add(current.toString());
      current.setLength(0);
    }
    List<Stage> stages = new ArrayList<>();
    String image = null;
    String name = null;
    List<Instruction> instructions = null;
    for (String line : logical) {
      int space = line.indexOf(' ');
      String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
      String arguments = space < 0 ? "" : line.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        if (instructions != null) {
          stages.add(new Stage(image, name, List.copyOf(instructions)));
        }
        String[] w = arguments.split("\\s+");
        image = w[0];
        name = w.length >= 3 && w[1].equalsIgnoreCase("AS") ? w[2] : String.valueOf(stages.size());
        instructions = new ArrayList<>();
      } else if (instructions == null) {
        throw new AssertionError("an instruction before the first FROM: " + line);
      } else {
        instructions.add(new Instruction(keyword, arguments));
      }
    }
    if (instructions != null) {
      stages.add(new Stage(image, name, List.copyOf(instructions)));
    }
    return new Dockerfile(List.copyOf(stages));
  }

  Stage runtime() {
    return stages.getLast();
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }
}
