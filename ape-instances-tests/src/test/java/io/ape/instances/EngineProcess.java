package io.ape.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An {@link EngineWorker} in a JVM of its own, started from this JVM's class path, and the test's
 * side of its line protocol.
 */
final class EngineProcess implements AutoCloseable {
  private static final String EOF = "\u0000EOF";
  private final String name;
  private final Process process;
  private final Writer input;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private EngineProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
      lines.add(EOF);
    }, "engine-worker-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a worker JVM (small heap, serial GC; its logging goes to this JVM's stderr). */
  static EngineProcess start(String name) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx192m", "-XX:TieredStopAtLevel=1"));
    String logging = System.getProperty("logback.configurationFile");
    if (logging != null) {
      cmd.add("-Dlogback.configurationFile=" + logging);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        EngineWorker.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new EngineProcess(name, p);
  }

  String name() {
    return name;
  }

  void send(String line) {
    try {
      input.write(line + "\n");
      input.flush();
    } catch (IOException e) {
      throw new IllegalStateException(name + " does not accept input: " + e, e);
    }
  }

  /** The next line other than PROGRESS; fails on ERROR, an end of output or a timeout. */
  String next(Duration timeout) throws InterruptedException {
    while (true) {
      String line = take(timeout);
      if (!line.startsWith("PROGRESS ")) {
        return line;
      }
    }
  }

  /** Expects the next line to start with {@code prefix}; returns it. */
  String expect(String prefix, Duration timeout) throws InterruptedException {
    String line = next(timeout);
    assertThat(line).as("%s: the line after what was sent", name).startsWith(prefix);
    return line;
  }

  /** The RESULT lines up to OK, as a map. */
  Map<String, String> results(Duration timeout) throws InterruptedException {
    Map<String, String> r = new HashMap<>();
    String line;
    while (!(line = next(timeout)).equals("OK")) {
      assertThat(line).as("%s: a result line", name).startsWith("RESULT ");
      String[] parts = line.split(" ", 3);
      r.put(parts[1], parts.length > 2 ? parts[2] : "");
    }
    return r;
  }

  /** Reads PROGRESS lines until one satisfies {@code condition}; returns it. */
  Map<String, Long> progressUntil(Predicate<Map<String, Long>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(name + ": the expected progress was not reported within "
            + timeout);
      }
      String line = take(Duration.ofNanos(left));
      if (!line.startsWith("PROGRESS ")) {
        throw new AssertionError(name + ": expected PROGRESS, got " + line);
      }
      Map<String, Long> p = new HashMap<>();
      for (String kv : line.substring("PROGRESS ".length()).split(" ")) {
        int eq = kv.indexOf('=');
        p.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
      }
      if (condition.test(p)) {
        return p;
      }
    }
  }

  private String take(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (line == null) {
      throw new AssertionError(name + ": no answer within " + timeout);
    }
    if (line.equals(EOF)) {
      lines.add(EOF);
      throw new AssertionError(name + ": the worker JVM ended");
    }
    if (line.startsWith("ERROR ")) {
      throw new AssertionError(name + ": " + line);
    }
    return line;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      send("EXIT");
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
