package io.ape.doctests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.cli.ApeCommand;
import io.ape.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands of one document, in order, in its working directory (the JVM's, set by
 * {@link DocCommandsTest}), and writes what each did. {@code ape} commands run in this JVM
 * through the picocli entry point {@link ApeCommand#run}, exactly as the jar's {@code main}
 * does; other shell commands of a transcript ({@code cat}, {@code sed}) run in {@code bash}.
 *
 * <p>Usage: {@code DocCommandRunner STEPS.json RESULTS.json}; each step is
 * {@code {"ape": [args...], "stdout": FILE|null}} or {@code {"shell": "command"}}; each result is
 * {@code {"exit", "shown", "stdout"}} where {@code shown} is what a terminal would show (stdout
 * and stderr interleaved, or stderr alone when stdout goes to a file).
 */
public final class DocCommandRunner {
  private DocCommandRunner() {}

  /** Runs the steps; see the class comment. */
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> steps = json.readValue(Path.of(args[0]).toFile(), List.class);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Map<String, Object> step : steps) {
      try {
        results.add(step.containsKey("ape")
            ? ape((List<String>) step.get("ape"), (String) step.get("stdout"))
            : shell((String) step.get("shell")));
      } catch (Exception | Error e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("exit", -1);
        r.put("shown", "the runner could not run this step: " + e);
        r.put("stdout", "");
        results.add(r);
      }
      json.writeValue(Path.of(args[1]).toFile(), results); // partial results survive a crash
    }
  }

  private static Map<String, Object> ape(List<String> args, String stdoutFile) throws IOException {
    StringWriter shown = new StringWriter();
    StringWriter stdout = new StringWriter();
    int exit;
    if (stdoutFile == null) {
      PrintWriter both = new PrintWriter(shown, true);
      exit = ApeCommand.run(args.toArray(String[]::new), CliContext.system(), both, both);
    } else {
      exit = ApeCommand.run(args.toArray(String[]::new), CliContext.system(),
          new PrintWriter(stdout, true), new PrintWriter(shown, true));
      if (!stdoutFile.equals("/dev/null")) {
        Path file = Path.of(stdoutFile).toAbsolutePath();
        Files.createDirectories(file.getParent()); // the reader's directory exists; ours is new
        Files.writeString(file, stdout.toString(), StandardCharsets.UTF_8);
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("exit", exit);
    r.put("shown", shown.toString());
    r.put("stdout", stdout.toString());
    return r;
  }

  private static Map<String, Object> shell(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("exit", p.exitValue());
    r.put("shown", out.toString(StandardCharsets.UTF_8));
    r.put("stdout", "");
    return r;
  }
}
