package dev.eddy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * LlhttpCorpus reads the request cases of llhttp's Markdown test suite: each case is a heading, a
 * {@code <!-- meta={...} -->} comment, an {@code http} block with the raw message and a {@code log}
 * block with the parser's events. The raw message is decoded exactly as llhttp's own runner
 * ({@code test/md-test.ts}) does: line ends become CRLF, {@code \r \n \t \f \xHH \NNN} escapes become
 * bytes, a backslash at a line end joins lines; the result is sent as UTF-8.
 */
final class LlhttpCorpus {
  private LlhttpCorpus() {}

  private static final Pattern HEADING = Pattern.compile("^(#{2,})\\s*(.*?)\\s*$");
  private static final Pattern META = Pattern.compile("^<!--\\s*meta=(\\{.*})\\s*-->\\s*$");
  private static final Pattern META_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern OFFSET = Pattern.compile("^off=(\\d+) ");
  private static final Pattern ERROR = Pattern.compile("^off=(\\d+) error code=(\\d+) reason=\"(.*)\"$");
  private static final Pattern FINISH = Pattern.compile("^off=NULL finish=(\\d+)$");
  private static final Pattern METHOD = Pattern.compile("span\\[method]=\"([^\"]*)\"");
  private static final Pattern BODY = Pattern.compile(" len=(\\d+) span\\[body]=");

  /**
   * Case is one request case.
   *
   * @param name file and heading, unique: {@code "sample.md: Simple request"}
   * @param type the meta type: {@code request}, {@code request-finish}, {@code request-lenient-*}
   * @param input the raw bytes to send
   * @param log the expected parser events, one a line
   */
  record Case(String file, String name, int line, String type, boolean skipBody, byte[] input, List<String> log) {
    /** The error llhttp ends with (code and reason), or null. */
    Matcher error() {
      String last = log.isEmpty() ? "" : log.get(log.size() - 1);
      Matcher m = ERROR.matcher(last);
      return m.matches() ? m : null;
    }

    int errorCode() {
      Matcher m = error();
      return m == null ? -1 : Integer.parseInt(m.group(2));
    }

    /** The {@code llhttp_finish} result of a request-finish case, or -1. */
    int finishCode() {
      String last = log.isEmpty() ? "" : log.get(log.size() - 1);
      Matcher m = FINISH.matcher(last);
      return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    long count(String event) {
      return log.stream().filter(l -> l.endsWith(" " + event) || l.contains(" " + event + " ")).count();
    }

    int messagesComplete() {
      return (int) count("message complete");
    }

    int headersComplete() {
      return (int) count("headers complete");
    }

    /** The byte offsets where messages begin. */
    List<Integer> messageBegins() {
      List<Integer> out = new ArrayList<>();
      for (String l : log) {
        Matcher m = OFFSET.matcher(l);
        if (l.endsWith(" message begin") && m.find()) {
          out.add(Integer.parseInt(m.group(1)));
        }
      }
      return out;
    }

    /** The method of each message, in order. */
    List<String> methods() {
      List<String> out = new ArrayList<>();
      for (String l : log) {
        Matcher m = METHOD.matcher(l);
        if (m.find()) {
          out.add(m.group(1));
        }
      }
      return out;
    }

    /** How many body bytes llhttp reported for each message, in order. */
    List<Long> bodyLengths() {
      List<Long> out = new ArrayList<>();
      for (String l : log) {
        if (l.endsWith(" message begin")) {
          out.add(0L);
        }
        Matcher m = BODY.matcher(l);
        if (m.find() && !out.isEmpty()) {
          out.set(out.size() - 1, out.get(out.size() - 1) + Long.parseLong(m.group(1)));
        }
      }
      return out;
    }

    /** The input with control bytes and non-ASCII escaped, for messages. */
    String printable() {
      return printable(input);
    }

    static String printable(byte[] bytes) {
      StringBuilder sb = new StringBuilder();
      for (byte b : bytes) {
        int c = b & 0xff;
        switch (c) {
          case '\r' -> sb.append("\\r");
          case '\n' -> sb.append("\\n\n");
          case '\t' -> sb.append("\\t");
          case '\\' -> sb.append("\\\\");
          default -> {
            if (c < 0x20 || c >= 0x7f) {
              sb.append(String.format("\\x%02x", c));
            } else {
              sb.append((char) c);
            }
          }
        }
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The corpus directory, {@code shared/corpus/llhttp}, found by walking up from the working
   * directory (CI runs from a fresh clone with the corpus next to the project root). Fails if it
   * is nowhere above: a missing corpus must not look like a passing run.
   */
  static Path locate() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("corpus").resolve("llhttp");
      if (Files.isDirectory(candidate.resolve("request"))) {
        return candidate;
      }
    }
    throw new AssertionError("llhttp corpus not found: no shared/corpus/llhttp/request in " + start
        + " or any directory above it");
  }

  /** Every case of every {@code request/*.md} file, in file order. */
  static List<Case> requestCases() {
    Path dir = locate().resolve("request");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty()) {
      throw new AssertionError("No .md files in " + dir);
    }
    List<Case> cases = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Path f : files) {
      for (Case c : parse(f)) {
        int n = seen.merge(c.name(), 1, Integer::sum);
        cases.add(n == 1 ? c : new Case(c.file(), c.name() + " #" + n, c.line(), c.type(), c.skipBody(), c.input(), c.log()));
      }
    }
    return cases;
  }

  static List<Case> parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String fileName = file.getFileName().toString();
    String[] lines = text.split("\n", -1);
    List<Case> out = new ArrayList<>();
    String heading = null;
    String meta = null;
    String http = null;
    int httpLine = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = stripCr(lines[i]);
      Matcher h = HEADING.matcher(line);
      Matcher m = META.matcher(line);
      if (h.matches()) {
        heading = h.group(2);
      } else if (m.matches()) {
        meta = m.group(1);
      } else if (line.startsWith("```http")) {
        StringBuilder block = new StringBuilder();
        httpLine = i + 1;
        for (i++; !stripCr(lines[i]).startsWith("```"); i++) {
          block.append(lines[i]).append('\n');
        }
        http = block.toString();
      } else if (line.startsWith("```log") && http != null) {
        List<String> log = new ArrayList<>();
        for (i++; !stripCr(lines[i]).startsWith("```"); i++) {
          log.add(stripCr(lines[i]));
        }
        if (heading == null || meta == null) {
          throw new AssertionError(fileName + ":" + httpLine + ": case without heading or meta");
        }
        Matcher t = META_TYPE.matcher(meta);
        if (!t.find()) {
          throw new AssertionError(fileName + ":" + httpLine + ": meta without type: " + meta);
        }
        boolean skipBody = meta.matches(".*\"skipBody\"\\s*:\\s*true.*");
        byte[] input = decode(http, fileName + ":" + httpLine);
        out.add(new Case(fileName, fileName + ": " + heading, httpLine, t.group(1), skipBody, input, List.copyOf(log)));
        http = null;
        meta = null;
      }
    }
    return out;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** Decodes an http block the way llhttp's md-test.ts does. */
  static byte[] decode(String block, String where) {
    String s = block;
    // Remove the trailing newline (an explicit check: Java's '$' also matches before a final '\n').
    if (s.endsWith("\n")) {
      s = s.substring(0, s.length() - 1);
    }
    // A backslash at a line end joins the lines.
    s = s.replaceAll("\\\\(\r\n|\r|\n)", "");
    // Every line end becomes CRLF.
    s = s.replaceAll("\r\n|\r|\n", "\r\n");
    s = s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\f", "\f");
    s = replaceAll(s, Pattern.compile("\\\\x([0-9a-fA-F]+)"), m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
    s = replaceAll(s, Pattern.compile("\\\\([0-7]{1,3})"), m -> String.valueOf((char) Integer.parseInt(m.group(1), 8)));
    if (s.contains("${")) {
      throw new AssertionError(where + ": inline JavaScript (${...}) in a case is not supported by this harness");
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String replaceAll(String s, Pattern p, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
