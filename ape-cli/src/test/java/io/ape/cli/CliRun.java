package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs {@code ape} in-process with captured stdout and stderr. */
final class CliRun {
  private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private CliRun() {}

  /** The outcome of one run. */
  record Result(int exitCode, String out, String err) {
    /** Parses stdout as exactly one JSON document (fails the test otherwise). */
    JsonNode json() {
      try {
        return STRICT_JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not one JSON document: " + e.getMessage()
            + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err, e);
      }
    }

    /** Asserts the exit code, showing the output when it differs. */
    Result exits(int expected) {
      assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  static Result run(PolicyLoader loader, String... args) {
    return run(new CliContext(new CliEnvironment(Map.of(), false), loader), args);
  }

  static Result run(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ApeCommand.run(args, context, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
