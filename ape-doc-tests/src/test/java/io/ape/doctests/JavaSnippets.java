package io.ape.doctests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the {@code ```java} blocks of the documentation, each as its own compilation unit in
 * its own package, in one run of the JDK's compiler, against this module's test class path
 * (every APE module).
 *
 * <p>The forms a block may take:
 *
 * <ul>
 *   <li>no annotation: a complete compilation unit as a reader would save it to a file:
 *       imports and at least one class, record, interface or enum (a {@code package} line is
 *       optional; without one the test adds its own);</li>
 *   <li>{@code <!-- snippet: body(Type name, ...) -->}: a fragment: its leading {@code import}
 *       lines, then statements. The statements become the body of
 *       {@code static void body(Type name, ...) throws Exception} in a class of their own; the
 *       parameters name what the fragment uses without declaring it, and their types must be
 *       imported by the fragment itself.</li>
 * </ul>
 */
final class JavaSnippets {
  private static final Pattern TYPE = Pattern.compile(
      "(?m)^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
          + "(class|record|interface|enum)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
          + "(?:class|record|interface|enum)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern BODY = Pattern.compile("body(?:\\((.*)\\))?");

  private JavaSnippets() {}

  /** One block as a Java source file. */
  record Unit(Docs.Block block, String packageName, String typeName, String source,
      int[] docLines, String problem) {
    /** The fully qualified name of the snippet's (first public) type. */
    String className() {
      return packageName.isEmpty() ? typeName : packageName + "." + typeName;
    }

    /** The document line of source line {@code n} (1-based), or the fence's line. */
    int docLine(long n) {
      return n >= 1 && n <= docLines.length ? docLines[(int) n - 1] : block.line();
    }
  }

  /** The outcome of compiling every block: classes, and each block's errors. */
  record Compiled(Path classes, Map<Docs.Block, Unit> units, Map<Docs.Block, List<String>> errors) {
    /** The unit whose type is {@code simpleName} (exactly one must exist). */
    Unit unit(String simpleName) {
      List<Unit> found = units.values().stream().filter(u -> u.typeName().equals(simpleName))
          .toList();
      if (found.size() != 1) {
        throw new AssertionError("expected one documented snippet declaring " + simpleName
            + ", found " + found.size());
      }
      return found.get(0);
    }
  }

  /** Turns a block into a compilation unit (or a unit with a {@code problem}). */
  static Unit unit(Docs.Block block) {
    String pkg = "docsnippets." + Docs.root().relativize(block.file()).toString()
        .replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT) + "_l" + block.line();
    String text = block.text();
    String kind = block.snippet();
    if (kind == null) {
      Matcher type = TYPE.matcher(text);
      if (!type.find()) {
        return new Unit(block, pkg, "Snippet", "", new int[0], "a ```java block is compiled as "
            + "written: it must be a complete compilation unit (imports and a class, record, "
            + "interface or enum), or be marked as a fragment with "
            + "<!-- snippet: body(Type variable, ...) --> right before it");
      }
      Matcher own = PACKAGE.matcher(text);
      Matcher pub = PUBLIC_TYPE.matcher(text);
      String typeName = pub.find() ? pub.group(1) : type.group(2);
      List<Integer> lines = new ArrayList<>();
      StringBuilder src = new StringBuilder();
      if (own.find()) {
        pkg = own.group(1);
      } else {
        src.append("package ").append(pkg).append(";\n");
        lines.add(block.line());
      }
      List<String> textLines = text.lines().toList();
      for (int i = 0; i < textLines.size(); i++) {
        src.append(textLines.get(i)).append('\n');
        lines.add(block.fileLine(i));
      }
      return new Unit(block, pkg, typeName, src.toString(), toArray(lines), null);
    }
    Matcher body = BODY.matcher(kind);
    if (!body.matches()) {
      return new Unit(block, pkg, "Snippet", "", new int[0], "unknown snippet form '" + kind
          + "': use <!-- snippet: body(Type variable, ...) --> (or no annotation for a complete"
          + " compilation unit)");
    }
    String params = body.group(1) == null ? "" : body.group(1);
    List<String> textLines = text.lines().toList();
    int firstStatement = 0;
    while (firstStatement < textLines.size()
        && (textLines.get(firstStatement).isBlank()
            || textLines.get(firstStatement).startsWith("import "))) {
      firstStatement++;
    }
    List<Integer> lines = new ArrayList<>();
    StringBuilder src = new StringBuilder("package ").append(pkg).append(";\n");
    lines.add(block.line());
    for (int i = 0; i < firstStatement; i++) {
      src.append(textLines.get(i)).append('\n');
      lines.add(block.fileLine(i));
    }
    src.append("public final class Snippet {\n  static void body(").append(params)
        .append(") throws Exception {\n");
    lines.add(block.line());
    lines.add(block.line());
    for (int i = firstStatement; i < textLines.size(); i++) {
      src.append(textLines.get(i)).append('\n');
      lines.add(block.fileLine(i));
    }
    src.append("  }\n}\n");
    return new Unit(block, pkg, "Snippet", src.toString(), toArray(lines), null);
  }

  private static int[] toArray(List<Integer> lines) {
    return lines.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Compiles every unit into {@code dir/classes}. */
  static Compiled compile(List<Docs.Block> blocks, Path dir) {
    try {
      Path sources = Files.createDirectories(dir.resolve("src"));
      Path classes = Files.createDirectories(dir.resolve("classes"));
      Map<Docs.Block, Unit> units = new LinkedHashMap<>();
      Map<Docs.Block, List<String>> errors = new LinkedHashMap<>();
      Map<Path, Unit> byFile = new LinkedHashMap<>();
      for (Docs.Block b : blocks) {
        Unit u = unit(b);
        units.put(b, u);
        errors.put(b, new ArrayList<>());
        if (u.problem() != null) {
          errors.get(b).add(b.where() + ": " + u.problem());
          continue;
        }
        Path file = sources.resolve(u.packageName().replace('.', '/'))
            .resolve(u.typeName() + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, u.source(), StandardCharsets.UTF_8);
        byFile.put(file.toAbsolutePath().normalize(), u);
      }
      if (byFile.isEmpty()) {
        return new Compiled(classes, units, errors);
      }
      List<Diagnostic<? extends JavaFileObject>> found = javac(byFile.keySet(), classes);
      if (!found.isEmpty()) {
        // javac may write no class at all once one file has an error: compile the others again,
        // so that one broken snippet does not stop the others from running.
        java.util.Set<Path> broken = new java.util.HashSet<>();
        for (Diagnostic<? extends JavaFileObject> d : found) {
          if (d.getSource() != null) {
            broken.add(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
          }
        }
        List<Path> good = byFile.keySet().stream().filter(f -> !broken.contains(f)).toList();
        if (!good.isEmpty()) {
          javac(good, classes);
        }
      }
      for (Diagnostic<? extends JavaFileObject> d : found) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        Unit u = d.getSource() == null ? null
            : byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
        if (u == null) {
          errors.values().iterator().next().add("javac: " + d.getMessage(Locale.ROOT));
          continue;
        }
        String hint = d.getMessage(Locale.ROOT).contains("does not exist")
            ? " (a snippet that uses a module needs it as a dependency of ape-doc-tests)" : "";
        errors.get(u.block()).add(Docs.root().relativize(u.block().file()) + ":"
            + u.docLine(d.getLineNumber()) + ": " + d.getMessage(Locale.ROOT) + hint);
      }
      return new Compiled(classes, units, errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles {@code sources} into {@code classes}; returns the errors. */
  private static List<Diagnostic<? extends JavaFileObject>> javac(java.util.Collection<Path> sources,
      Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("the tests must run on a JDK (javac), not a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null,
        StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> sourceFiles =
          files.getJavaFileObjectsFromPaths(new ArrayList<>(sources));
      List<String> options = List.of("-classpath", classPath(), "-d", classes.toString(),
          "-proc:none", "-encoding", "UTF-8", "-Xlint:none", "-nowarn");
      javac.getTask(null, files, diagnostics, options, null, sourceFiles).call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
  }

  /** This JVM's test class path (every APE module and its dependencies). */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp;
  }

  /** The class path to run compiled snippets with: theirs, then this JVM's. */
  static String runClassPath(Compiled compiled) {
    return compiled.classes() + File.pathSeparator + classPath();
  }
}
