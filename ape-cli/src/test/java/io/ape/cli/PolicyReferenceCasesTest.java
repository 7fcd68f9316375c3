package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples of {@code docs/policy-reference.md} as {@code ape test} cases: every policy block
 * with {@code <!-- expect: ... -->} annotations is kept in {@code docs/policy-reference/} as
 * {@code example-NN.yaml} (or {@code .json}) and {@code example-NN.cases.json}, and
 * {@code ape test} must pass on each pair (CI runs the same files with the built {@code ape}).
 *
 * <p>The files must be exactly what the document says; when the document changes, regenerate
 * them with {@code mvn -pl ape-cli test -Dtest=PolicyReferenceCasesTest
 * -Dape.regenerate=true} (and commit them).
 *
 * <p>The example of the custom-operator section needs that operator on the class path; it is
 * checked by ape-core's {@code PolicyReferenceDocTest} (with the operator) and not kept here.
 */
class PolicyReferenceCasesTest {
  private static final Path DOC = Path.of("docs", "policy-reference.md");
  private static final Path DIR = Path.of("docs", "policy-reference");
  private static final Pattern FENCE = Pattern.compile("^```(yaml|json|text)\\s*$");
  private static final Pattern COMMENT = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");
  private static final Pattern EXPECT = Pattern.compile("^(expect|expect-trusted):\\s*(\\S+)\\s+"
      + "(\\{.*?\\})(?:\\s+with\\s+(\\{.*\\}))?\\s*=>\\s*(ALLOW|DENY|ESCALATE)$");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  /** The root of the project (where the document is). */
  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(DOC))) {
        return p;
      }
    }
    throw new IllegalStateException(DOC + " not found");
  }

  /** File name -> content, for every example with expectations. */
  @SuppressWarnings("unchecked")
  static Map<String, String> expectedFiles() throws IOException {
    List<String> lines = Files.readAllLines(root().resolve(DOC), StandardCharsets.UTF_8);
    Map<String, String> files = new TreeMap<>();
    List<String> annotations = new ArrayList<>();
    String section = "";
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      Matcher comment = COMMENT.matcher(line.trim());
      if (line.startsWith("#")) {
        section = line.replaceFirst("^#+\\s*", "");
      }
      if (fence.matches()) {
        int start = i + 1;
        StringBuilder text = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String a : annotations) {
          Matcher m = EXPECT.matcher(a);
          if (m.matches()) {
            cases.add(testCase(a, m, start));
          }
        }
        annotations.clear();
        if (cases.isEmpty() || fence.group(1).equals("text")
            || text.toString().contains("file_extension")) {
          continue;
        }
        n++;
        String name = String.format("example-%02d", n);
        String format = fence.group(1);
        files.put(name + "." + format, (format.equals("yaml")
            ? "# docs/policy-reference.md, line " + start + " (" + section + ").\n"
                + "# Generated from the document by PolicyReferenceCasesTest: do not edit.\n"
            : "") + text);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cases", cases);
        files.put(name + ".cases.json", JSON.writeValueAsString(doc) + "\n");
      } else if (comment.matches()) {
        annotations.add(comment.group(1));
      } else if (!line.isBlank()) {
        annotations.clear();
      }
    }
    return files;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> testCase(String annotation, Matcher m, int line)
      throws IOException {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", "line " + line + ": " + annotation.substring(annotation.indexOf(':') + 1)
        .trim());
    c.put("action", m.group(2).replace("\\n", "\n"));
    Map<String, Object> params = COMPACT.readValue(m.group(3), Map.class);
    if (!params.isEmpty()) {
      c.put("parameters", params);
    }
    Map<String, Object> with = m.group(4) == null ? Map.of()
        : COMPACT.readValue(m.group(4), Map.class);
    Object provenance = with.getOrDefault("provenance",
        m.group(1).equals("expect-trusted") ? "user" : null);
    if (provenance != null) {
      c.put("provenance", provenance);
    }
    for (String key : List.of("untrusted", "tenant", "session_user", "attributes")) {
      if (with.containsKey(key)) {
        c.put(key, with.get(key));
      }
    }
    c.put("expect", m.group(5).toLowerCase(java.util.Locale.ROOT));
    return c;
  }

  @Test
  void theCaseFilesAreTheExamplesOfTheDocument() throws IOException {
    Map<String, String> expected = expectedFiles();
    Path dir = root().resolve(DIR);
    if (Boolean.getBoolean("ape.regenerate")) {
      Files.createDirectories(dir);
      try (Stream<Path> old = Files.list(dir)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      for (Map.Entry<String, String> e : expected.entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    }
    Map<String, String> actual = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          actual.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(actual).as("docs/policy-reference/ must hold the examples of the document;"
        + " regenerate with: mvn -pl ape-cli test -Dtest=PolicyReferenceCasesTest"
        + " -Dape.regenerate=true").isEqualTo(expected);
    assertThat(expected).hasSizeGreaterThan(60);
  }

  @TestFactory
  Stream<DynamicTest> apeTestPassesOnEveryExampleOfTheDocument() throws IOException {
    Path dir = root().resolve(DIR);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : expectedFiles().keySet()) {
      if (!name.endsWith(".cases.json")) {
        continue;
      }
      String base = name.substring(0, name.length() - ".cases.json".length());
      Path policy = Files.exists(dir.resolve(base + ".yaml")) ? dir.resolve(base + ".yaml")
          : dir.resolve(base + ".json");
      Path cases = dir.resolve(name);
      tests.add(DynamicTest.dynamicTest(base, () -> {
        CliRun.Result r = CliRun.run(CliContext.withEnvironment(
            new CliEnvironment(Map.of(), false)), "test", policy.toString(), cases.toString());
        r.exits(ExitCode.OK);
        assertThat(r.out()).contains("0 failed");
      }));
    }
    return tests.stream();
  }
}
