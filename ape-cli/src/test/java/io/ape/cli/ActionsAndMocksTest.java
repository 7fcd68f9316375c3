package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.core.actions.StandardActions;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.OrchestrationResult;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ape actions} and {@code ape generate-mocks} (the generated source is compiled and run). */
class ActionsAndMocksTest {
  @TempDir
  Path dir;

  private CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  @Test
  void actionsListsEveryStandardActionWithRequiredParametersMarked() {
    CliRun.Result r = ape("actions").exits(ExitCode.OK);
    assertThat(r.out()).contains("read_file", "file_read", "minimal", "path*", "encoding",
        "run_shell_command", "18 standard actions");
    assertThat(r.out()).doesNotContain("encoding*");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void actionsByCategoryGroupsThem() {
    CliRun.Result r = ape("actions", "--by-category").exits(ExitCode.OK);
    assertThat(r.out()).contains("file_read (3)", "file_write (3)");
    assertThat(r.out().indexOf("file_read (3)")).isLessThan(r.out().indexOf("search_files"));
    assertThat(r.out().indexOf("search_files")).isLessThan(r.out().indexOf("file_write (3)"));
  }

  @Test
  void actionsJsonIsOneDocument() {
    CliRun.Result r = ape("actions", "--json").exits(ExitCode.OK);
    JsonNode doc = r.json();
    assertThat(doc.get("count").asInt()).isEqualTo(18);
    assertThat(doc.get("version").asText()).isEqualTo(StandardActions.FROZEN_VERSION);
    JsonNode first = doc.get("actions").get(0);
    assertThat(first.get("id").asText()).isEqualTo("read_file");
    assertThat(first.get("category").asText()).isEqualTo("file_read");
    assertThat(first.get("risk_level").asText()).isEqualTo("minimal");
    assertThat(first.get("parameters").get(0).get("name").asText()).isEqualTo("path");
    assertThat(first.get("parameters").get(0).get("required").asBoolean()).isTrue();
    assertThat(first.get("parameters").get(1).get("required").asBoolean()).isFalse();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void actionsJsonByCategoryHasEveryActionOnce() {
    JsonNode groups = ape("actions", "--by-category", "--json").exits(ExitCode.OK).json()
        .get("categories");
    int total = 0;
    for (JsonNode group : groups) {
      total += group.size();
    }
    assertThat(total).isEqualTo(18);
    assertThat(groups.get("file_read")).hasSize(3);
  }

  @Test
  void generateMocksPrintsDeterministicSource() {
    CliRun.Result a = ape("generate-mocks").exits(ExitCode.OK);
    CliRun.Result b = ape("generate-mocks").exits(ExitCode.OK);
    assertThat(a.out()).isEqualTo(b.out())
        .contains("public final class ApeMockTools", "register(ApeOrchestrator orchestrator)")
        .doesNotContain("java.io", "java.nio", "java.net");
  }

  @Test
  void generatedMocksCompileRegisterAndExecuteARead() throws Exception {
    Path src = dir.resolve("src/com/example/mocks/ApeMockTools.java");
    Files.createDirectories(src.getParent());
    ape("generate-mocks", "--package", "com.example.mocks", "-o", src.toString())
        .exits(ExitCode.OK);

    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK compiler").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
             compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
          "-d", classes.toString(), "-Xlint:all", "-proc:none");
      Boolean ok = compiler.getTask(new StringWriter(), files, diagnostics, options, null,
          files.getJavaFileObjects(src.toFile())).call();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(d.toString());
        }
      }
      assertThat(errors).isEmpty();
      assertThat(ok).isTrue();
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
             getClass().getClassLoader());
         ApeOrchestrator orch = ApeOrchestrator.fromPolicy(repoRoot().resolve("policies/read_only.yaml"))) {
      Class<?> mocks = loader.loadClass("com.example.mocks.ApeMockTools");
      Method register = mocks.getMethod("register", ApeOrchestrator.class);
      register.invoke(null, orch);
      assertThat(orch.toolIds()).containsExactlyInAnyOrderElementsOf(
          StandardActions.createRepository().actionIds());

      OrchestrationResult result = orch.execute("Read the /workspace/config.json file");
      assertThat(result.success()).as("%s", result.error()).isTrue();
      assertThat(result.executedActions()).containsExactly("read_file");
      assertThat(result.results()).singleElement().asString()
          .startsWith("[mock] read_file {").contains("path=/workspace/config.json");
    }
  }

  @Test
  void generateMocksRefusesToOverwriteWithoutForce() throws IOException {
    Path out = Files.writeString(dir.resolve("Existing.java"), "keep me");
    CliRun.Result r = ape("generate-mocks", "-o", out.toString()).exits(ExitCode.ERROR);
    assertThat(r.err()).contains("Existing.java", "--force");
    assertThat(Files.readString(out)).isEqualTo("keep me");

    ape("generate-mocks", "-o", out.toString(), "--force").exits(ExitCode.OK);
    assertThat(Files.readString(out)).contains("class ApeMockTools");
  }

  @Test
  void generateMocksRejectsAnInvalidPackageOrClassName() {
    CliRun.Result pkg = ape("generate-mocks", "--package", "com.example;class X{}")
        .exits(ExitCode.USAGE);
    assertThat(pkg.out()).isEmpty();
    assertThat(pkg.err()).contains("--package");
    ape("generate-mocks", "--class-name", "class").exits(ExitCode.USAGE);
    ape("generate-mocks", "--package", "com.example.int").exits(ExitCode.USAGE);
  }

  @Test
  void generateMocksRefusesADirectoryAsOutput() {
    CliRun.Result r = ape("generate-mocks", "-o", dir.toString(), "--force").exits(ExitCode.ERROR);
    assertThat(r.err()).contains("directory");
  }

  private static Path repoRoot() {
    Path p = new File("").getAbsoluteFile().toPath();
    while (p != null && !Files.isRegularFile(p.resolve("policies/read_only.yaml"))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root with policies/read_only.yaml").isNotNull();
    return p;
  }
}
