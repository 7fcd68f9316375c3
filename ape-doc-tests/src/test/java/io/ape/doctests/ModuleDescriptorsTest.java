package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code module-info} descriptors of the library modules hold on the module path: the
 * modules and their dependencies (taken from this test's class path, where the reactor's
 * modules are {@code target/classes} directories or jars) resolve and bind; every package that
 * is not {@code internal} is exported and no {@code internal} one is, except the qualified
 * exports listed here; each {@code provides} matches the module's {@code META-INF/services}
 * files; and, in a module layer of their own, {@code io.ape.core} discovers the providers of
 * every SPI through {@link java.util.ServiceLoader} (which it may only do for a service it
 * declares with {@code uses}) and the YAML parser reads a policy.
 */
class ModuleDescriptorsTest {
  /** The library modules; applications and tests (ape-cli, ape-examples, ...) stay on the class path. */
  private static final Set<String> LIBRARIES = Set.of(
      "io.ape.api", "io.ape.core", "io.ape.policy.yaml", "io.ape.audit", "io.ape.audit.jdbc",
      "io.ape.mcp", "io.ape.redis", "io.ape.langchain4j", "io.ape.springai", "io.ape.mcpsdk",
      "io.ape.testkit", "io.ape.agentdojo");
  /** The only exports of internal packages, each to the APE modules that use them. */
  private static final Map<String, Set<String>> QUALIFIED_EXPORTS = Map.of(
      "io.ape.audit.internal", Set.of("io.ape.audit.jdbc"),
      "io.ape.core.internal.adapter", Set.of("io.ape.langchain4j", "io.ape.springai",
          "io.ape.mcpsdk"));

  private static Map<String, Path> onClassPath;
  private static Configuration configuration;

  @BeforeAll
  static void resolveTheLibraryModules() {
    onClassPath = namedEntriesOfTheClassPath();
    assertThat(onClassPath).containsKeys(LIBRARIES.toArray(String[]::new));
    ModuleFinder finder = ModuleFinder.of(closureOf(LIBRARIES).toArray(Path[]::new));
    configuration = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), LIBRARIES);
  }

  @Test
  void everyLibraryModuleIsResolvedFromItsDescriptor() {
    for (String name : LIBRARIES) {
      ModuleDescriptor d = module(name).descriptor();
      assertThat(d.isAutomatic()).as(name + " has a module-info").isFalse();
      assertThat(d.name()).isEqualTo(name);
    }
  }

  @Test
  void exactlyTheNonInternalPackagesAreExported() throws IOException {
    for (String name : LIBRARIES) {
      ModuleReference ref = module(name);
      Set<String> expected = classPackages(ref).stream()
          .filter(p -> !isInternal(p))
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> unqualified = ref.descriptor().exports().stream()
          .filter(e -> !e.isQualified())
          .map(Exports::source)
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(unqualified).as("unqualified exports of " + name).isEqualTo(expected);
      for (Exports e : ref.descriptor().exports()) {
        if (e.isQualified()) {
          assertThat(QUALIFIED_EXPORTS).as("qualified export of " + name)
              .containsEntry(e.source(), e.targets());
        }
      }
    }
  }

  @Test
  void providesMirrorsTheServicesFiles() throws IOException {
    for (String name : LIBRARIES) {
      ModuleReference ref = module(name);
      Map<String, List<String>> declared = new TreeMap<>();
      for (Provides p : ref.descriptor().provides()) {
        declared.put(p.service(), p.providers());
      }
      assertThat(declared).as("provides of " + name).isEqualTo(servicesFiles(ref));
    }
  }

  @Test
  void coreUsesEverySpiOfTheApi() throws IOException {
    assertThat(module("io.ape.core").descriptor().uses()).containsAll(spis());
  }

  @Test
  void inALayerCoreDiscoversTheProvidersAndTheYamlParserReadsAPolicy() throws Exception {
    // Parent: the platform class loader, so that nothing of the class path (where APE is too)
    // is seen from the layer.
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(
        configuration, ClassLoader.getPlatformClassLoader());
    ClassLoader loader = layer.findLoader("io.ape.core");
    // ProviderLoader calls ServiceLoader.load from inside io.ape.core: without a `uses` for the
    // SPI, that throws ServiceConfigurationError.
    Class<?> providerLoaderType = loader.loadClass("io.ape.core.provider.ProviderLoader");
    Object providerLoader = providerLoaderType
        .getMethod("serviceLoader", ClassLoader.class).invoke(null, loader);
    Method loadProviders = providerLoaderType.getMethod("load", Class.class);
    Map<String, Set<String>> ids = new TreeMap<>();
    for (String spi : spis()) {
      Class<?> type = loader.loadClass(spi);
      Set<String> found = new TreeSet<>();
      for (Object p : (List<?>) loadProviders.invoke(providerLoader, type)) {
        found.add((String) type.getMethod("id").invoke(p));
        assertThat(p.getClass().getModule().isNamed()).as(p.getClass().getName()).isTrue();
      }
      ids.put(spi.substring(spi.lastIndexOf('.') + 1), found);
    }
    assertThat(ids.get("PolicyParserProvider")).contains("yaml", "json");
    assertThat(ids.get("AuditSinkProvider")).contains("jsonl", "slf4j", "jdbc");
    assertThat(ids.get("SharedStateProvider")).contains("redis");
    assertThat(ids.get("ToolAdapterProvider")).hasSizeGreaterThanOrEqualTo(4);

    Class<?> limits = loader.loadClass("io.ape.api.PolicyLimits");
    Object parser = loader.loadClass("io.ape.policy.yaml.PolicyParsers")
        .getMethod("yaml").invoke(null);
    byte[] yaml = String.join("\n",
        "name: module-path",
        "version: \"1.0.0\"",
        "default_decision: deny",
        "rules:",
        "  - id: read",
        "    action: read_file",
        "    decision: allow",
        "").getBytes(StandardCharsets.UTF_8);
    Object policy = loader.loadClass("io.ape.spi.PolicyParser")
        .getMethod("parse", byte[].class, String.class, limits)
        .invoke(parser, yaml, "module-path.yaml", limits.getMethod("defaults").invoke(null));
    assertThat(policy.getClass().getModule().getName()).isEqualTo("io.ape.api");
    assertThat(policy.getClass().getMethod("name").invoke(policy)).isEqualTo("module-path");
  }

  /** The provider interfaces of the SPI: every {@code ApeProvider} subinterface in io.ape.api. */
  private static Set<String> spis() throws IOException {
    Set<String> spis = new TreeSet<>();
    Class<?> apeProvider = load("io.ape.spi.ApeProvider");
    for (String cls : classNames(module("io.ape.api"))) {
      Class<?> c = load(cls);
      if (c.isInterface() && c != apeProvider && apeProvider.isAssignableFrom(c)) {
        spis.add(cls);
      }
    }
    assertThat(spis).hasSizeGreaterThanOrEqualTo(9);
    return spis;
  }

  private static ModuleReference module(String name) {
    return configuration.findModule(name).map(ResolvedModule::reference).orElseThrow();
  }

  private static boolean isInternal(String pkg) {
    return Arrays.asList(pkg.split("\\.")).contains("internal");
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ModuleDescriptorsTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** The packages that hold classes (resource-only directories are packages too, but not code). */
  private static Set<String> classPackages(ModuleReference ref) throws IOException {
    return classNames(ref).stream()
        .map(c -> c.substring(0, c.lastIndexOf('.')))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> classNames(ModuleReference ref) throws IOException {
    try (ModuleReader reader = ref.open()) {
      return reader.list()
          .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")
              && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .toList();
    }
  }

  private static Map<String, List<String>> servicesFiles(ModuleReference ref) throws IOException {
    Map<String, List<String>> files = new TreeMap<>();
    try (ModuleReader reader = ref.open()) {
      for (String entry : reader.list().filter(n -> n.startsWith("META-INF/services/")
          && !n.endsWith("/")).toList()) {
        Optional<InputStream> in = reader.open(entry);
        try (InputStream s = in.orElseThrow()) {
          List<String> impls = new String(s.readAllBytes(), StandardCharsets.UTF_8).lines()
              .map(l -> l.replaceFirst("#.*", "").strip())
              .filter(l -> !l.isEmpty())
              .toList();
          files.put(entry.substring("META-INF/services/".length()), impls);
        }
      }
    }
    return files;
  }

  /**
   * Every class-path entry that can stand on the module path, by module name: jars (explicit
   * or automatic modules) and directories that hold a {@code module-info.class}.
   */
  private static Map<String, Path> namedEntriesOfTheClassPath() {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Map<String, Path> named = new HashMap<>();
    for (String element : cp.split(File.pathSeparator)) {
      Path path = Path.of(element);
      boolean modularDirectory = Files.isDirectory(path)
          && Files.isRegularFile(path.resolve("module-info.class"));
      if (!modularDirectory && !element.endsWith(".jar")) {
        continue;
      }
      try {
        for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
          named.putIfAbsent(ref.descriptor().name(), path);
        }
      } catch (FindException e) {
        // a jar whose automatic name cannot be derived; none that APE needs
      }
    }
    return named;
  }

  /** The class-path entries of the given modules and of every module they require, transitively. */
  private static Set<Path> closureOf(Set<String> roots) {
    Set<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    Set<Path> paths = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name) || ModuleLayer.boot().findModule(name).isPresent()) {
        continue;
      }
      Path path = onClassPath.get(name);
      assertThat(path).as("module " + name + " on the test class path").isNotNull();
      paths.add(path);
      for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
        for (ModuleDescriptor.Requires r : ref.descriptor().requires()) {
          if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
            todo.push(r.name());
          }
        }
      }
    }
    return paths;
  }
}
